package org.bhyvirt.migration.protocol;

import java.nio.ByteBuffer;

/**
 * Where a {@link FrameReader} delivers the pages of MEMORY frames, without copying them through
 * an intermediate buffer: for a data run it asks for the target buffer (typically a view of the
 * destination's mapped guest memory at the run's address) and reads the socket straight into it.
 */
public interface PageSink {

    /**
     * The buffer that receives {@code count} pages starting at page index {@code firstPage}: the
     * reader fills it from its position with exactly {@code count * PAGE_SIZE} bytes.
     */
    ByteBuffer target(long firstPage, int count);

    /** Pages {@code firstPage .. firstPage+count-1} are all zero (no data on the wire). */
    void zero(long firstPage, int count);
}
