/**
 * The plugin's WAR on a managed Payara Micro (Arquillian): the REST API end to end with emulated
 * guests, its problem documents, health, metrics and OpenAPI. The tests are HTTP clients only.
 */
package org.bhyvirt.it.rest;
