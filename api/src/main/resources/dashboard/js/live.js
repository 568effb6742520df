import {apiKey} from './session.js';

// GET /v1/events takes the API key as a Bearer header, which EventSource cannot send; so the stream is
// read with fetch() and parsed here (the server-sent-events format: id/event/data lines, blank line ends one).

const RETRY_MILLIS = [1000, 2000, 5000, 10_000];
const listeners = new Set();
let connection = null;

/** Calls listener(event) with each account event ({id, type, createdAt, data}); answers the way to stop. */
export function onAccountEvent(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Follows the stream until stopLive(), reconnecting with Last-Event-ID so no event is missed. */
export function startLive(showState) {
  stopLive();
  const abort = new AbortController();
  connection = abort;
  let lastEventId = null;
  let failures = 0;
  (async () => {
    while (!abort.signal.aborted) {
      showState('connecting');
      try {
        const headers = {Authorization: `Bearer ${apiKey()}`, Accept: 'text/event-stream'};
        if (lastEventId) headers['Last-Event-ID'] = lastEventId;
        const answer = await fetch('/v1/events', {headers, signal: abort.signal, cache: 'no-store'});
        if (!answer.ok) throw new Error(`the event stream answered ${answer.status}`);
        showState('live');
        failures = 0;
        await read(answer.body, (event, position) => {
          lastEventId = position ?? lastEventId;
          listeners.forEach(listener => listener(event));
        });
      } catch (failure) {
        if (abort.signal.aborted) return;
      }
      showState('reconnecting');
      await new Promise(resume => setTimeout(resume, RETRY_MILLIS[Math.min(failures++, RETRY_MILLIS.length - 1)]));
    }
  })();
}

export function stopLive() {
  if (connection) connection.abort();
  connection = null;
}

async function read(body, deliver) {
  const lines = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = {data: []};
  for (;;) {
    const {value, done} = await lines.read();
    if (done) return;
    buffer += value;
    const complete = buffer.split(/\r\n|\r|\n/);
    buffer = complete.pop();
    for (const line of complete) {
      if (line === '') {
        if (event.data.length) deliver(JSON.parse(event.data.join('\n')), event.id);
        event = {data: []};
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') event.data.push(value);
        else if (field === 'id') event.id = value;
      }
    }
  }
}
