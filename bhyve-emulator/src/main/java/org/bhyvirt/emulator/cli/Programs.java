package org.bhyvirt.emulator.cli;

/**
 * Runs a stand-in program's body and ends the process as the program would: with the status of an
 * {@link ExitException} (its message on stderr), with {@code failureStatus} and the message of any other
 * exception, or with the status the body returns.
 */
final class Programs {
    /** A program body. */
    interface Body {
        int run() throws Exception;
    }

    private Programs() {
    }

    static void exit(String prog, int failureStatus, Body body) {
        int status;
        try {
            status = body.run();
        } catch (ExitException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            status = e.status();
        } catch (Exception e) {
            System.err.println(prog + ": " + e.getMessage());
            status = failureStatus;
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }
}
