// The Connect page's script: reads what the link offers, connects the platform the user picks, and
// sends the browser back to the posting tool. The link's token is the only credential; an OAuth
// connect leaves for the platform and comes back to /connect/resume, where the token is found again
// in this tab's sessionStorage.
'use strict';
(() => {
    const TOKEN_KEY = 'mooring.connect.token';
    const PLATFORM_KEY = 'mooring.connect.platform';
    const APP_PASSWORD = /^[a-zA-Z0-9]{4}(-[a-zA-Z0-9]{4}){3}$/;
    const NAMES = {bluesky: 'Bluesky', x: 'X', linkedin: 'LinkedIn', facebook: 'Facebook', instagram: 'Instagram',
        threads: 'Threads', pinterest: 'Pinterest', sandbox: 'Sandbox'};
    // a choice's heading, by the name the API lists its choices under (the platform's ChoiceKind)
    const CHOICE_HEADINGS = {pages: 'Choose the Facebook Page to connect', boards: 'Choose the Pinterest board to pin to'};

    const $ = (id) => document.getElementById(id);
    const query = new URLSearchParams(location.search);
    const resuming = location.pathname === '/connect/resume';
    const token = resuming ? sessionStorage.getItem(TOKEN_KEY) : location.pathname.split('/')[2];
    let lastError = null;

    function base() {
        return '/connect/' + encodeURIComponent(token || '');
    }

    async function call(method, path, body) {
        const answer = await fetch(base() + path, {
            method, cache: 'no-store', credentials: 'same-origin',
            headers: body === undefined ? {} : {'Content-Type': 'application/json'},
            body: body === undefined ? undefined : JSON.stringify(body)
        });
        const json = await answer.json().catch(() => ({}));
        if (!answer.ok) {
            throw json.error || {code: 'internal_error', message: 'Mooring answered ' + answer.status};
        }
        return json;
    }

    function status(text) {
        $('status').textContent = text;
        $('status').hidden = !text;
    }

    function show(section) {
        ['choose', 'bluesky', 'choice'].forEach((id) => { $(id).hidden = id !== section; });
    }

    /** The error in words, with what the user can do about it. */
    function words(error, platform) {
        const name = NAMES[platform] || 'The platform';
        switch (error.code) {
            case 'connect_session_expired':
                return 'This connect link has expired or was used already. Go back to the app and start connecting again.';
            case 'platform_rejected':
            case 'platform_auth_failed':
                return platform === 'bluesky'
                    ? 'Bluesky did not accept this handle and app password. Check the handle, or create a new app password and try again.'
                    : name + ' did not give access. If you want to connect, try again and choose Allow on ' + name + '’s page.';
            case 'facebook.pages.none':
                return 'This Facebook account manages no Page. Create a Page on Facebook, or sign in as someone who manages one, and try again.';
            case 'pinterest.boards.none':
                return 'This Pinterest account has no board to pin to. Create a board on Pinterest, then try again.';
            case 'platform_unavailable':
                return name + ' did not answer in time. Try again in a moment.';
            case 'rate_limited':
                return 'Too many attempts in a short time. Wait a minute and try again.';
            case 'platform_not_enabled':
                return name + ' cannot be connected here. Choose another platform or go back to the app.';
            default:
                return error.message ? 'That did not work: ' + error.message : 'Something went wrong. Try again.';
        }
    }

    function fail(error, platform, canRetry) {
        lastError = error.code;
        status('');
        $('error-text').textContent = words(error, platform);
        $('retry').hidden = !canRetry;
        $('leave').hidden = !token;
        $('error').hidden = false;
        $('error').focus();
    }

    function clearError() {
        $('error').hidden = true;
        lastError = null;
    }

    function go(next) {
        sessionStorage.removeItem(TOKEN_KEY);
        sessionStorage.removeItem(PLATFORM_KEY);
        status('Connected. Taking you back…');
        location.assign(next.redirectUrl);
    }

    function button(text, initial, onPress) {
        const item = document.createElement('li');
        const pressable = document.createElement('button');
        pressable.type = 'button';
        const avatar = document.createElement('span');
        avatar.className = 'avatar';
        avatar.setAttribute('aria-hidden', 'true');
        avatar.textContent = initial;
        const label = document.createElement('span');
        label.textContent = text;
        pressable.append(avatar, label);
        pressable.addEventListener('click', () => onPress(pressable));
        item.append(pressable);
        return item;
    }

    async function choose() {
        status('Loading…');
        const session = await call('GET', '/session');
        if (session.label) {
            $('label').textContent = session.label;
            $('label').hidden = false;
        }
        const list = $('platforms');
        list.replaceChildren(...session.platforms.map((offered) => button(offered.name, offered.name.charAt(0), (pressed) =>
            offered.kind === 'app_password' ? bluesky() : startOAuth(offered.platform, pressed))));
        status(session.platforms.length ? '' : 'No platform can be connected through this link.');
        show('choose');
        const first = list.querySelector('button');
        if (first) {
            first.focus();
        }
    }

    async function startOAuth(platform, pressed) {
        clearError();
        pressed.disabled = true;
        try {
            const next = await call('POST', '/oauth/' + encodeURIComponent(platform));
            sessionStorage.setItem(TOKEN_KEY, token);
            sessionStorage.setItem(PLATFORM_KEY, platform);
            status('Taking you to ' + (NAMES[platform] || platform) + '…');
            location.assign(next.redirectUrl);
        } catch (error) {
            pressed.disabled = false;
            fail(error, platform, error.code !== 'connect_session_expired');
        }
    }

    function bluesky() {
        clearError();
        show('bluesky');
        $('identifier').focus();
    }

    function checkShape() {
        const field = $('app-password');
        const wrong = field.value !== '' && !APP_PASSWORD.test(field.value.trim());
        field.setAttribute('aria-invalid', String(wrong));
        $('app-password-shape').textContent = wrong
            ? 'An app password looks like xxxx-xxxx-xxxx-xxxx: four groups of four letters or digits.' : '';
        return !wrong && field.value !== '';
    }

    async function connectBluesky(event) {
        event.preventDefault();
        clearError();
        if (!$('identifier').value.trim()) {
            $('identifier').focus();
            return;
        }
        if (!checkShape()) {
            $('app-password-shape').textContent = $('app-password-shape').textContent
                || 'Enter the app password, shaped like xxxx-xxxx-xxxx-xxxx.';
            $('app-password').focus();
            return;
        }
        $('bluesky-connect').disabled = true;
        status('Connecting…');
        try {
            go(await call('POST', '/bluesky', {identifier: $('identifier').value.trim(), appPassword: $('app-password').value.trim()}));
        } catch (error) {
            $('bluesky-connect').disabled = false;
            fail(error, 'bluesky', error.code !== 'connect_session_expired');
        }
    }

    /** The platform asked which of the user's Pages, boards, ... to connect: the user picks one here. */
    async function pick(platform, selectionToken) {
        status('Loading your choices…');
        const path = '/choice/' + encodeURIComponent(platform);
        const offered = await call('POST', path, {selectionToken});
        $('choice-title').textContent = CHOICE_HEADINGS[offered.list] || 'Choose one to connect';
        $('choice-list').replaceChildren(...offered.choices.map((choice) => button(choice.name, choice.name.charAt(0), async (pressed) => {
            clearError();
            pressed.disabled = true;
            status('Connecting ' + choice.name + '…');
            try {
                go(await call('POST', path + '/select', {selectionToken, choiceId: choice.id}));
            } catch (error) {
                pressed.disabled = false;
                fail(error, platform, false);
            }
        })));
        status('');
        show('choice');
        $('choice-list').querySelector('button').focus();
    }

    async function resume() {
        const platform = sessionStorage.getItem(PLATFORM_KEY);
        // what came back in the address stays out of the history and of any later referrer
        history.replaceState(null, '', '/connect/resume');
        if (query.has('accountId')) {
            status('Finishing…');
            go(await call('POST', '/finish'));
        } else if (query.get('status') === 'selection_required') {
            await pick(platform, query.get('selectionToken'));
        } else {
            fail({code: query.get('error') || 'internal_error'}, platform, true);
        }
    }

    async function leave() {
        try {
            const next = await call('POST', '/leave', {error: lastError});
            sessionStorage.removeItem(TOKEN_KEY);
            location.assign(next.redirectUrl);
        } catch (error) {
            $('error-text').textContent = 'This link cannot take you back any more. Close this window and return to the app.';
            $('leave').hidden = true;
            $('retry').hidden = true;
        }
    }

    document.addEventListener('DOMContentLoaded', () => {
        $('error').tabIndex = -1;
        $('retry').addEventListener('click', () => location.assign(base()));
        $('leave').addEventListener('click', leave);
        $('app-password').addEventListener('input', checkShape);
        $('bluesky-form').addEventListener('submit', connectBluesky);
        $('bluesky-back').addEventListener('click', () => { clearError(); show('choose'); });
        if (!token) {
            fail({code: 'connect_session_expired'}, null, false);
            return;
        }
        (resuming ? resume() : choose()).catch((error) => fail(error, sessionStorage.getItem(PLATFORM_KEY),
            error.code !== 'connect_session_expired'));
    });
})();
