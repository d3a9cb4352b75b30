/**
 * A small typed client of one host's REST API: the JSON documents of the contract as records,
 * mapped by pure functions ({@link org.bhyvirt.cli.rest.JsonMapping}), problem documents as
 * {@link org.bhyvirt.cli.rest.ApiException}, and a Server-Sent Events line parser.
 */
package org.bhyvirt.cli.rest;
