package org.bhyvirt.driver.argv;

import java.util.ArrayList;
import java.util.List;

import org.bhyvirt.driver.domain.def.AudioDef;
import org.bhyvirt.driver.domain.def.AudioType;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.PciAddress;
import org.bhyvirt.driver.domain.def.SoundDef;
import org.bhyvirt.driver.domain.def.SoundModel;

/**
 * One {@code -s S:F,hda[,play=DEV][,rec=DEV]} per ich7 sound device. As libvirt codes it, the
 * OSS backend's input device becomes {@code play=} and its output device {@code rec=}. Refuses
 * sound without SOUND_HDA, other models and other audio backends.
 */
final class SoundArgs {

    private SoundArgs() {
    }

    static List<String> of(DomainDef def, BhyveCapabilities caps) {
        List<String> argv = new ArrayList<>();
        for (SoundDef sound : def.devices().sounds()) {
            if (!caps.has(BhyveCapability.SOUND_HDA)) {
                throw Refusal.unsupported("Sound devices emulation is not supported by given bhyve binary");
            }
            if (sound.model() != SoundModel.ICH7) {
                throw Refusal.unsupported("Sound device model is not supported");
            }
            StringBuilder params = new StringBuilder();
            AudioDef audio = audio(def, sound.audioId());
            if (audio != null) {
                if (audio.type() != AudioType.OSS) {
                    throw Refusal.unsupported("unsupported audio backend '" + audio.type().xmlName() + "'");
                }
                if (audio.inputDev() != null) {
                    params.append(",play=").append(audio.inputDev());
                }
                if (audio.outputDev() != null) {
                    params.append(",rec=").append(audio.outputDev());
                }
            }
            PciAddress pci = Refusal.pci(sound.address(), "sound device");
            argv.add("-s");
            argv.add(Refusal.slotFunction(pci) + ",hda" + params);
        }
        return argv;
    }

    private static AudioDef audio(DomainDef def, Integer id) {
        if (id == null) {
            return null;
        }
        return def.devices().audios().stream().filter(a -> a.id() == id).findFirst().orElse(null);
    }
}
