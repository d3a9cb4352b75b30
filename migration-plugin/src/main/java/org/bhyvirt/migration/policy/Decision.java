package org.bhyvirt.migration.policy;

import java.time.Duration;
import java.util.Objects;
import org.bhyvirt.migration.MigrationException;

/** What the convergence policy answers after a round; every answer says why. */
public sealed interface Decision {

    /** Why the policy decided so, in numbers. */
    String reason();

    /** Run another pre-copy round. */
    record Continue(String reason) implements Decision {
        public Continue {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Pause the guest and send the rest: it is expected to take {@code expectedDowntime}. */
    record SwitchOver(Duration expectedDowntime, String reason) implements Decision {
        public SwitchOver {
            Objects.requireNonNull(expectedDowntime, "expectedDowntime");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Throttle the guest's vCPUs to sleep {@code percent} % of their time, then continue. */
    record Throttle(int percent, String reason) implements Decision {
        public Throttle {
            Objects.requireNonNull(reason, "reason");
            if (percent < 1 || percent > 99) {
                throw new IllegalArgumentException("throttle " + percent + " % outside 1..99");
            }
        }
    }

    /** Stop migrating; the guest keeps running on the source. */
    record Abort(MigrationException.Code code, String reason) implements Decision {
        public Abort {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
