package dev.vmssrollout.api;

import dev.vmssrollout.api.scalesets.ScaleSetInspector;
import dev.vmssrollout.api.temporal.RolloutWorkflows;
import dev.vmssrollout.model.store.CalendarStore;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.model.release.ReleaseStore;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

/**
 * The web layer through MockMvc, with the real security, problem handling and services, and the
 * store, Temporal and the scale set inspector mocked: fast, and every class shares one context.
 */
@SpringBootTest(properties = {
        "spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "vmss.reconciler.enabled=false",
        "vmss.temporal.ui-url=http://temporal-ui.test:8233/"})
@AutoConfigureMockMvc
public abstract class WebTestSupport {

    @Autowired
    protected MockMvc mvc;

    @MockitoBean
    protected RolloutStore store;

    @MockitoBean
    protected CalendarStore calendars;

    @MockitoBean
    protected ReleaseStore releases;

    @MockitoBean
    protected ScaleSetInspector inspector;

    @MockitoBean
    protected RolloutWorkflows workflows;

    @MockitoBean
    protected WorkflowClient workflowClient;

    private static final AtomicLong versions = new AtomicLong();

    /**
     * Every read of the mocked store sees a new version, as if the rollout had changed since the last: a test that
     * stubs {@code find} differently from one request to the next is never answered from the API's kept copy.
     */
    @BeforeEach
    void everyReadSeesANewVersion() {
        when(store.version(anyString())).thenAnswer(call -> OptionalLong.of(versions.incrementAndGet()));
    }
}
