package org.bhyvirt.driver.cli;

/**
 * What a conformance case expects, in libvirt's test harness terms: the commands are built and
 * match the files; the build is refused (by the XML parse or the command builder); the XML is
 * refused; or preparing the domain (firmware autoselection) fails.
 */
enum ExpectedOutcome {
    OK, FAIL, PARSE_ERROR, PREPARE_ERROR
}
