package dev.vmssrollout.worker.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/** Bare HTTP responses for the pipeline policies' unit tests (the simulator tests cover real traffic). */
final class TestResponses {

    private TestResponses() {
    }

    static HttpResponse withHeader(HttpHeaderName name, String value) {
        return response(200, new HttpHeaders().set(name, value));
    }

    static HttpResponse status(int status) {
        return response(status, new HttpHeaders());
    }

    private static HttpResponse response(int status, HttpHeaders headers) {
        return new HttpResponse(new HttpRequest(HttpMethod.GET, "https://localhost/")) {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            @Deprecated
            public String getHeaderValue(String name) {
                return headers.getValue(HttpHeaderName.fromString(name));
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<ByteBuffer> getBody() {
                return Flux.empty();
            }

            @Override
            public Mono<byte[]> getBodyAsByteArray() {
                return Mono.just(new byte[0]);
            }

            @Override
            public Mono<String> getBodyAsString() {
                return Mono.just("");
            }

            @Override
            public Mono<String> getBodyAsString(Charset charset) {
                return Mono.just("");
            }
        };
    }
}
