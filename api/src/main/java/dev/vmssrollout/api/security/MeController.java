package dev.vmssrollout.api.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "caller")
class MeController {

    private final boolean fourEyes;

    MeController(ApprovalProperties approvals) {
        this.fourEyes = approvals.fourEyes();
    }

    @Operation(summary = "The caller's name and roles, and whether four-eyes applies")
    @GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
    MeView me(Authentication authentication, HttpServletRequest request) {
        return MeView.of(authentication, request, fourEyes);
    }
}
