package dev.vmssrollout.simulator.arm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.simulator.compute.InstanceState;
import dev.vmssrollout.simulator.compute.ScaleSet;
import dev.vmssrollout.simulator.compute.ScaleSetModel;
import dev.vmssrollout.simulator.http.Request;
import dev.vmssrollout.simulator.json.Json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

/** VM lists, one page at a time; {@code nextLink} is absolute and keeps every query parameter of the request. */
final class VmPages {
    private final int pageSize;

    VmPages(int pageSize) {
        this.pageSize = pageSize;
    }

    ObjectNode page(ScaleSet scaleSet, Request request) {
        VmListQuery query = VmListQuery.of(request);
        ScaleSetModel model = scaleSet.model();
        List<InstanceState> matching = scaleSet.instances().stream()
            .filter(vm -> query.latestModelApplied() == null || vm.latestModelApplied() == query.latestModelApplied())
            .toList();
        int from = Math.min(query.skip(), matching.size());
        int to = Math.min(from + pageSize, matching.size());
        ObjectNode page = Json.object();
        ArrayNode value = page.putArray("value");
        matching.subList(from, to).forEach(vm -> value.add(VmJson.render(scaleSet.key(),
            scaleSet.setup(), model, vm, query.withInstanceView())));
        if (to < matching.size()) {
            page.put("nextLink", nextLink(request, to));
        }
        return page;
    }

    private static String nextLink(Request request, int skip) {
        StringJoiner query = new StringJoiner("&");
        request.query().forEach((name, value) -> {
            if (!name.equals("$skiptoken")) {
                query.add(encode(name) + "=" + encode(value));
            }
        });
        query.add("$skiptoken=" + skip);
        return request.baseUrl() + request.rawPath().substring(1) + "?" + query;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$")
            .replace("%2F", "/");
    }
}
