package org.bhyvirt.driver.domain;

import java.nio.file.Files;
import java.nio.file.Path;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.lifecycle.LifecycleMove;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.store.DomainStore;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.host.BhyveHost;
import org.bhyvirt.driver.host.GuestExit;
import org.bhyvirt.driver.host.GuestProcess;

/**
 * Save and restore through bhyve's checkpoint: save writes the {@link SaveImage} definition, then
 * {@code bhyvectl --vm=NAME --suspend=FILE}, awaits bhyve's exit and stops the domain SHUTOFF(SAVED);
 * restore checks the image, starts {@code bhyve <argv> -r FILE NAME} RUNNING(RESTORED) and pauses it
 * again if it was saved paused. Methods expect the domain's lock held.
 */
final class SaveRestore {

    private final BhyveHost host;
    private final DomainStore store;
    private final DomainXmlCodec codec;
    private final GuestRunner runner;
    private final Pauser pauser;

    /** Pauses a just-restored guest (the driver's suspend without its checks). */
    @FunctionalInterface
    interface Pauser {
        void pause(DomainObject d);
    }

    SaveRestore(BhyveHost host, DomainStore store, DomainXmlCodec codec, GuestRunner runner, Pauser pauser) {
        this.host = host;
        this.store = store;
        this.codec = codec;
        this.runner = runner;
        this.pauser = pauser;
    }

    /** Saves the active domain {@code d} to {@code file}; afterwards it is SHUTOFF(SAVED). */
    void save(DomainObject d, Path file, Boolean restorePaused) {
        if (!d.isActive()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "domain is not running");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "cannot save domain '" + d.name + "': directory of " + file + " does not exist");
        }
        boolean wasPaused = d.state() == DomainState.PAUSED;
        boolean paused = restorePaused != null ? restorePaused : wasPaused;
        GuestProcess p = d.process;
        new SaveImage(d.name, d.uuid, paused, codec.formatInactive(d.liveDef)).write(file);
        if (wasPaused) {
            // bhyve pauses the vCPUs itself for the checkpoint; a SIGSTOPped bhyve could not write it.
            host.signal(d.name, p.bhyvePid(), BhyveHost.Signal.CONT);
        }
        d.stopRequest = StopRequest.SAVE;
        try {
            host.suspendToFile(d.name, file);
        } catch (BhyveDriverException e) {
            d.stopRequest = StopRequest.NONE;
            if (wasPaused) {
                host.signal(d.name, p.bhyvePid(), BhyveHost.Signal.STOP);
            }
            SaveImage.delete(file);
            throw e;
        }
        GuestExit exit = runner.awaitExit(d, p, host.config().programTimeout());
        LifecycleMove move = ExitMapping.map(exit, StopRequest.SAVE);
        runner.finishRun(d, move);
        if (move != LifecycleMove.SAVE) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "bhyve of domain '" + d.name + "' ended with " + exit + " while saving to " + file);
        }
    }

    /** Reads the image at {@code file} and checks it names a domain, without starting anything. */
    SaveImage readImage(Path file) {
        return SaveImage.read(file);
    }

    /** The definition stored in an image (parsed and validated as any definition). */
    DomainDef definitionOf(SaveImage image, Path file) {
        DomainDef def = codec.parse(image.xml());
        if (!def.name().equals(image.name()) || !def.uuid().equals(image.uuid())) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                    "save image " + file + " names domain '" + image.name() + "' but holds '" + def.name() + "'");
        }
        return def;
    }

    /** Restores the inactive domain {@code d} from {@code file} with {@code def}. */
    void restore(DomainObject d, DomainDef def, Path file, boolean paused) {
        if (d.isActive()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                    "domain '" + d.name + "' is already active");
        }
        runner.start(d, def, LifecycleMove.RESTORE, file.toAbsolutePath());
        if (paused) {
            pauser.pause(d);
        }
    }

    /**
     * Starts {@code d} from its managed save image. The image is first moved (renamed) to the run
     * directory, so it no longer counts as a managed save while bhyve still reads it, and deleted
     * when that run ends; if the start fails it is moved back.
     */
    void restoreManaged(DomainObject d) {
        Path file = store.managedSaveFile(d.name);
        SaveImage image = readImage(file);
        DomainDef def = definitionOf(image, file);
        Path restoring = store.restoringFile(d.name);
        store.moveImage(file, restoring);
        try {
            restore(d, def, restoring, image.paused());
        } catch (RuntimeException e) {
            store.moveImage(restoring, file);
            throw e;
        }
    }
}
