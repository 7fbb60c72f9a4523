package dev.vmssrollout.api.security;

import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every endpoint of the running API, read from its request mappings (so an endpoint added later is covered without
 * touching the tests), plus those served by filters (sign-in, sign-out) and the exposed actuator endpoints.
 */
final class Endpoints {

    /** {@code GET /api/v1/rollouts/{id}} and a concrete path to call it with. */
    record Endpoint(String method, String pattern, String path) {

        boolean changesState() {
            return !Set.of("GET", "HEAD", "OPTIONS", "TRACE").contains(method);
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    private Endpoints() {
    }

    static List<Endpoint> of(RequestMappingHandlerMapping mappings, List<String> actuatorPaths) {
        Set<String> endpoints = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? Set.of("GET", "POST")
                    : info.getMethodsCondition().getMethods().stream().map(Enum::name).collect(Collectors.toSet());
            for (String pattern : info.getPatternValues()) {
                methods.forEach(m -> endpoints.add(m + " " + pattern));
            }
        }
        endpoints.add("POST " + SessionLogin.PATH);
        endpoints.add("DELETE " + SessionLogin.PATH);
        actuatorPaths.forEach(path -> endpoints.add("GET " + path));
        return endpoints.stream().map(e -> {
            String[] parts = e.split(" ", 2);
            return new Endpoint(parts[0], parts[1], concrete(parts[1]));
        }).toList();
    }

    /** Anyone may call these: health and metrics for the platform, the dashboard's pages, the API docs, sign-in. */
    static boolean isPublic(Endpoint endpoint) {
        String path = endpoint.pattern();
        return path.startsWith("/actuator/health") || path.equals("/actuator/prometheus") || path.equals("/error")
                || path.equals("/") || path.equals("/dashboard") || path.startsWith("/dashboard/")
                || path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui")
                || path.equals(SessionLogin.PATH);
    }

    static String concrete(String pattern) {
        return pattern
                .replace("{subscriptionId}", SecureStack.SUBSCRIPTION)
                .replace("{resourceGroup}", SecureStack.RESOURCE_GROUP)
                .replace("{name}", "absent")
                .replace("{id}", "r-missing")
                .replaceAll("\\{\\*?[^}]+}", "x");
    }
}
