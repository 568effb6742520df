package dev.mooring.bench;

import java.io.InputStream;
import java.util.Arrays;

/** A request body of a given length made as it is read, so a 200 MB upload costs the driver no memory. */
final class GeneratedBody extends InputStream {

    private long left;

    GeneratedBody(long length) {
        this.left = length;
    }

    @Override
    public int read() {
        if (left <= 0) {
            return -1;
        }
        left--;
        return 'm';
    }

    @Override
    public int read(byte[] into, int offset, int count) {
        if (left <= 0) {
            return -1;
        }
        int n = (int) Math.min(count, left);
        Arrays.fill(into, offset, offset + n, (byte) 'm');
        left -= n;
        return n;
    }
}
