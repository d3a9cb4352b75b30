package org.bhyvirt.events.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.events.EventSink;
import org.bhyvirt.events.MigrationEvent;
import org.bhyvirt.events.MigrationEventType;
import org.bhyvirt.events.SinkStats;
import org.bhyvirt.events.cloud.CloudEventCodec;

/**
 * Publishes a host's events to Kafka as CloudEvents, keyed by the domain's UUID so one domain's
 * events stay in order on one partition. {@code publish} only encodes the event and appends it to
 * a bounded {@link PendingEvents} buffer: it never blocks on the broker and never throws. One
 * sender thread (from the given factory: the plugin passes its managed one) takes events in order
 * and sends them with an idempotent producer (acks=all); a batch the broker did not acknowledge
 * goes back to the front of the buffer and is sent again once the broker answers (at least once:
 * a consumer may see an event twice after an outage, with the same CloudEvent id). When the buffer
 * is full the oldest progress events are dropped first and lifecycle events last; every drop is
 * counted ({@link #stats}) and logged at most once a second.
 */
public final class KafkaEventSink implements EventSink {
    private static final System.Logger LOG = System.getLogger(KafkaEventSink.class.getName());
    private static final int BATCH = 256;
    private static final long RETRY_MS = 500;

    private final KafkaSettings settings;
    private final CloudEventCodec codec;
    private final PendingEvents pending;
    private final Producer<String, byte[]> producer;
    private final Thread sender;
    private final AtomicLong published = new AtomicLong();
    private volatile int inFlight;
    private volatile boolean reachable;
    private volatile Instant lastDelivery;
    private volatile boolean closing;
    private volatile long lastDropLog;
    private final AtomicLong dropsSinceLog = new AtomicLong();

    /** A sink publishing with {@code settings}; its sender thread comes from {@code threads}. */
    public KafkaEventSink(KafkaSettings settings, ThreadFactory threads) {
        this(settings, threads, KafkaProducer::new);
    }

    KafkaEventSink(KafkaSettings settings, ThreadFactory threads,
            Function<Properties, Producer<String, byte[]>> producers) {
        this.settings = settings;
        this.codec = new CloudEventCodec(settings.source());
        this.pending = new PendingEvents(settings.bufferCapacity());
        this.producer = producers.apply(producerConfig(settings));
        this.sender = threads.newThread(this::send);
        if (sender == null) {
            producer.close(Duration.ZERO);
            throw new IllegalStateException("the thread factory gave no thread for the Kafka sender");
        }
        sender.setName("bhyvirt-kafka-sender");
        sender.start();
    }

    /** The producer's settings: idempotent, acks=all, short blocking so a missing broker is noticed soon. */
    static Properties producerConfig(KafkaSettings s) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, s.clientId());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "8000");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    @Override
    public void publish(LifecycleEvent event) {
        try {
            enqueue(new PendingEvent(settings.lifecycleTopic(), event.domainUuid().toString(), codec.encode(event),
                    EventKind.LIFECYCLE));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "lifecycle event of " + event.domainName() + " not published: " + e);
        }
    }

    @Override
    public void publish(MigrationEvent event) {
        try {
            enqueue(new PendingEvent(settings.migrationTopic(), event.domainUuid().toString(), codec.encode(event),
                    event.type() == MigrationEventType.PROGRESS ? EventKind.PROGRESS : EventKind.MIGRATION));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "migration event of " + event.domainName() + " not published: " + e);
        }
    }

    private void enqueue(PendingEvent e) {
        if (closing) {
            return;
        }
        EventKind dropped = pending.add(e);
        if (dropped != null) {
            logDrop();
        }
    }

    private void logDrop() {
        long n = dropsSinceLog.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastDropLog >= TimeUnit.SECONDS.toNanos(1)) {
            lastDropLog = now;
            dropsSinceLog.addAndGet(-n);
            LOG.log(System.Logger.Level.WARNING, n + " event(s) dropped: the buffer of " + settings.bufferCapacity()
                    + " is full while the broker " + settings.bootstrapServers() + " does not take them; "
                    + "drops so far: " + stats());
        }
    }

    /** The sender's loop: batches in order, each sent and settled before the next. */
    private void send() {
        while (!closing || pending.size() > 0) {
            List<PendingEvent> batch;
            try {
                batch = pending.take(BATCH, 200);
            } catch (InterruptedException e) {
                return;
            }
            if (batch.isEmpty()) {
                continue;
            }
            inFlight = batch.size();
            List<PendingEvent> failed = sendBatch(batch);
            inFlight = 0;
            if (!failed.isEmpty()) {
                pending.putBack(failed);
                if (closing) {
                    return;
                }
                try {
                    Thread.sleep(RETRY_MS); // the broker is away: try again in a moment
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Sends {@code batch} and waits until the producer settled every record (acknowledged, or
     * failed after its delivery timeout), so none of them can still arrive later; returns those the
     * broker did not acknowledge, in their order. While the broker is known to be away, the first
     * event goes alone as a probe.
     */
    private List<PendingEvent> sendBatch(List<PendingEvent> batch) {
        if (!reachable && batch.size() > 1) {
            // After a failure only one event goes until the broker acknowledges again: a batch
            // sent into an outage could see its first records expire and later ones arrive.
            List<PendingEvent> failed = sendSettled(batch.subList(0, 1));
            if (!failed.isEmpty()) {
                return batch;
            }
            List<PendingEvent> rest = sendSettled(batch.subList(1, batch.size()));
            return rest;
        }
        return sendSettled(batch);
    }

    private List<PendingEvent> sendSettled(List<PendingEvent> batch) {
        List<Future<?>> acks = new ArrayList<>(batch.size());
        try {
            for (PendingEvent e : batch) {
                acks.add(producer.send(new ProducerRecord<>(e.topic(), e.key(), e.value())));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "sending to " + settings.bootstrapServers() + " failed: " + e);
        } finally {
            try {
                producer.flush();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "flushing to " + settings.bootstrapServers() + " failed: " + e);
            }
        }
        List<PendingEvent> failed = new ArrayList<>();
        int ok = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (i < acks.size() && acknowledged(acks.get(i))) {
                ok++;
            } else {
                failed.add(batch.get(i));
            }
        }
        if (ok > 0) {
            published.addAndGet(ok);
            lastDelivery = Instant.now();
        }
        reachable = failed.isEmpty();
        return failed;
    }

    private static boolean acknowledged(Future<?> ack) {
        try {
            ack.get(10, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public SinkStats stats() {
        return new SinkStats(published.get(), pending.size() + inFlight, pending.dropped(EventKind.PROGRESS),
                pending.dropped(EventKind.LIFECYCLE), pending.dropped(EventKind.MIGRATION), reachable, lastDelivery);
    }

    /** Delivers what it can within five seconds, then stops the sender and the producer. */
    @Override
    public void close() {
        closing = true;
        try {
            sender.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
        producer.close(Duration.ofSeconds(2));
        if (pending.size() > 0) {
            LOG.log(System.Logger.Level.WARNING, pending.size() + " event(s) not delivered: the broker "
                    + settings.bootstrapServers() + " did not take them before the sink closed");
        }
    }
}
