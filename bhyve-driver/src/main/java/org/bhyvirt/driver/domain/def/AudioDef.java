package org.bhyvirt.driver.domain.def;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * An {@code <audio type='oss' id='N'>} backend with its input and output devices.
 *
 * @param id        the backend id (at least 1)
 * @param type      oss
 * @param inputDev  the {@code <input dev>}, null when absent
 * @param outputDev the {@code <output dev>}, null when absent
 */
public record AudioDef(@Positive int id, @NotNull AudioType type, String inputDev, String outputDev) {
}
