package org.bhyvirt.plugin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.ws.rs.core.UriInfo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The REST inputs' constraints, checked by Hibernate Validator as the container checks them, and
 * their violations as the problem lists them (field below the method, message).
 */
class InputValidationTest {

    private static ValidatorFactory factory;
    private static Validator validator;
    private final DomainResource resource = new DomainResource();

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    private List<Problem.Violation> parameters(String method, Class<?>[] types, Object... args) throws Exception {
        Method m = DomainResource.class.getMethod(method, types);
        return Problems.invalidInput(ValidationMapper.violations(
                validator.forExecutables().validateParameters(resource, m, args))).violations();
    }

    @Test
    void listFiltersAreLibvirtsStatesAndBooleans() throws Exception {
        Class<?>[] types = {String.class, String.class};
        assertEquals(List.of(), parameters("list", types, "running", "true"));
        assertEquals(List.of(), parameters("list", types, null, null));
        assertEquals(List.of(new Problem.Violation("persistent", "must be true or false"),
                new Problem.Violation("state", "must be one of running, paused, shutoff")),
                parameters("list", types, "crashed", "yes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void blankNamesAreRefused(String name) throws Exception {
        assertEquals(List.of(new Problem.Violation("name", "must not be blank")),
                parameters("start", new Class<?>[] {String.class}, name));
    }

    @Test
    void anyNonBlankNameIsLeftToTheDriver() throws Exception {
        assertEquals(List.of(), parameters("get", new Class<?>[] {String.class}, "vm 1/../x"));
    }

    @Test
    void aDomainXmlMustNotBeEmpty() throws Exception {
        Class<?>[] types = {String.class, UriInfo.class};
        assertEquals(List.of(new Problem.Violation("xml", "the domain XML must not be empty")),
                parameters("define", types, "  \n", null));
        assertEquals(List.of(), parameters("define", types, "\n<domain/>", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative.save", "./x", "", "~/x"})
    void aSaveFileMustBeAbsolute(String file) throws Exception {
        assertEquals(List.of(new Problem.Violation("request.file", "must be an absolute path of at most 4096 characters")),
                parameters("save", new Class<?>[] {String.class, FileRequest.class}, "vm1", new FileRequest(file)));
    }

    @Test
    void aSaveFileIsRequiredAndAtMost4096Characters() throws Exception {
        Class<?>[] types = {FileRequest.class};
        assertEquals(List.of(new Problem.Violation("request", "a body {\"file\": \"/abs/path\"} is required")),
                parameters("restore", types, (Object) null));
        assertEquals(List.of(new Problem.Violation("request.file", "must be given")),
                parameters("restore", types, new FileRequest(null)));
        assertEquals(List.of(), parameters("restore", types, new FileRequest("/" + "a".repeat(4095))));
        assertEquals(1, parameters("restore", types, new FileRequest("/" + "a".repeat(4096))).size());
        assertEquals(1, parameters("restore", types, new FileRequest("/tmp/a\u0000b")).size());
    }
}
