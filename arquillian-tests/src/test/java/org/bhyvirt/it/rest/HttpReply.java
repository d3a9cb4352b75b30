package org.bhyvirt.it.rest;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/** One HTTP answer: status, media type, headers and body, with the body read as JSON on demand. */
record HttpReply(String method, String uri, int status, String contentType, Optional<String> location, String body) {

    static HttpReply of(HttpResponse<String> r) {
        return new HttpReply(r.request().method(), r.request().uri().toString(), r.statusCode(),
                r.headers().firstValue("Content-Type").orElse(""), r.headers().firstValue("Location"), r.body());
    }

    JsonObject json() {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    JsonArray jsonArray() {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readArray();
        }
    }

    /** What a failed assertion shows: the call and the whole answer. */
    String describe() {
        return method + " " + uri + " -> " + status + " " + contentType + ": " + body;
    }
}
