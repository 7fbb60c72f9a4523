package dev.vmssrollout.api.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard's addresses. Each page is a static HTML file (under {@code static/dashboard/}) whose script reads
 * everything from the REST API; these mappings only give the pages readable URLs that can be bookmarked and shared.
 */
@Controller
class DashboardPages {

    @GetMapping({"/", "/dashboard"})
    String home() {
        return "redirect:/dashboard/";
    }

    @GetMapping("/dashboard/")
    String rollouts() {
        return "forward:/dashboard/index.html";
    }

    @GetMapping("/dashboard/signin")
    String signIn() {
        return "forward:/dashboard/signin.html";
    }

    @GetMapping("/dashboard/rollouts/{id}")
    String rollout() {
        return "forward:/dashboard/rollout.html";
    }

    @GetMapping("/dashboard/scalesets/{subscriptionId}/{resourceGroup}/{name}")
    String scaleSet() {
        return "forward:/dashboard/scaleset.html";
    }

    @GetMapping({"/dashboard/releases", "/dashboard/releases/{id}"})
    String releases() {
        return "forward:/dashboard/releases.html";
    }

    @GetMapping({"/dashboard/calendars", "/dashboard/calendars/{name}"})
    String calendars() {
        return "forward:/dashboard/calendars.html";
    }
}
