package org.bhyvirt.migration.protocol;

/**
 * What a {@link FrameReader} or {@link FrameWriter} asks before a frame passes: the reader asks
 * after the header (so a frame that may not come now is refused before its payload is read),
 * checks page runs against the agreed layout, and reports the decoded frame; the writer reports
 * each frame before it writes it. {@link Conversation} is the gate of a real channel.
 */
public interface FrameGate {

    /** A gate that lets every frame pass in any order: for stream dumps and codec tests. */
    FrameGate OPEN = new FrameGate() {
        @Override
        public void admit(FrameType type) {
        }

        @Override
        public void checkPages(long firstPage, long count) {
        }

        @Override
        public void received(Frame frame) {
        }

        @Override
        public void sending(Frame frame) {
        }

        @Override
        public String stateName() {
            return "UNCHECKED";
        }
    };

    /** A header of {@code type} arrived; throws MigrationException when it may not come now. */
    void admit(FrameType type);

    /** A MEMORY run names these pages; throws MigrationException when they lie outside the guest. */
    void checkPages(long firstPage, long count);

    /** A whole frame arrived; throws MigrationException when its content is unexpected. */
    void received(Frame frame);

    /** The local side is about to send {@code frame}; throws MigrationException when it may not. */
    void sending(Frame frame);

    /** The name of the current state, for error messages. */
    String stateName();
}
