package org.bhyvirt.migration.protocol;

/**
 * The constants of the bhyvirt migration wire protocol: magic, the version range this build
 * speaks, the frame header size, the page size and the per-frame limits. Changing a constant
 * here changes the wire format and needs a new protocol version.
 */
public final class Protocol {

    /** "BHVM" in ASCII, opening {@code HELLO} and {@code CHANNEL_JOIN}. */
    public static final int MAGIC = 0x4248564D;
    /** Lowest protocol version this build speaks. */
    public static final int VERSION_MIN = 1;
    /** Highest protocol version this build speaks. */
    public static final int VERSION_MAX = 1;
    /** Fixed frame header: u16 code, u16 flags (0 in version 1), u32 payload length, big-endian. */
    public static final int HEADER_BYTES = 8;
    /** Guest page size of protocol version 1 (x86-64 bhyve). */
    public static final int PAGE_SIZE = 4096;
    /** log2 of {@link #PAGE_SIZE}. */
    public static final int PAGE_SHIFT = 12;
    /** Most page runs one MEMORY frame may describe. */
    public static final int MAX_RUNS_PER_FRAME = 512;
    /** Most pages with data one MEMORY frame may carry (4 MiB). */
    public static final int MAX_DATA_PAGES_PER_FRAME = 1024;
    /** Bytes of one run descriptor: u64 first page, u32 page count, u32 flags. */
    public static final int RUN_DESCRIPTOR_BYTES = 16;
    /** Bytes before the run table in a MEMORY payload: u32 round, u32 run count. */
    public static final int MEMORY_PREFIX_BYTES = 8;
    /** Run flag: the run's pages are all zero and carry no data. */
    public static final int RUN_FLAG_ZERO = 1;
    /** Most memory segments a compatibility check may describe. */
    public static final int MAX_SEGMENTS = 16;
    /** Most devices a compatibility check may list. */
    public static final int MAX_DEVICES = 128;
    /** Longest device or state name, in UTF-8 bytes (bhyve's MAX_DEV_NAME_LEN). */
    public static final int MAX_NAME_BYTES = 64;
    /** Longest CPU model string, in UTF-8 bytes (bhyve's MAX_SPEC_LEN). */
    public static final int MAX_CPU_MODEL_BYTES = 256;
    /** Longest abort reason, in UTF-8 bytes. */
    public static final int MAX_REASON_BYTES = 1024;
    /** Largest single vCPU/device state blob (16 MiB). */
    public static final int MAX_STATE_BYTES = 16 << 20;
    /** Bytes before the data in a CHECKPOINT_DATA payload: u8 part, u8 flags, u16 0, u32 length, u64 offset. */
    public static final int CHECKPOINT_PREFIX_BYTES = 16;
    /** Most checkpoint bytes one CHECKPOINT_DATA frame may carry (4 MiB). */
    public static final int MAX_CHECKPOINT_CHUNK_BYTES = 4 << 20;
    /** CHECKPOINT_DATA flag: the chunk is all zero and carries no data (memory part only). */
    public static final int CHECKPOINT_FLAG_ZERO = 1;
    /** Largest checkpoint state file (bhyve's FILE.kern: kernel structs and device blobs), 64 MiB. */
    public static final long MAX_CHECKPOINT_KERN_BYTES = 64L << 20;
    /** Largest checkpoint metadata file (bhyve's FILE.meta, JSON), 1 MiB. */
    public static final long MAX_CHECKPOINT_META_BYTES = 1L << 20;
    /** Most parallel TCP channels of one migration. */
    public static final int MAX_CHANNELS = 64;

    private Protocol() {
    }
}
