package dev.vmssrollout.api.temporal;

import dev.vmssrollout.workflows.TemporalConnection;
import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Temporal client. A test or the one-JVM local stack supplies its own {@link WorkflowClient}
 * bean instead; this is an auto-configuration so that such a bean is registered before this one
 * decides to back off. Connecting is lazy: the API starts while Temporal is down, and the
 * reconciler starts what was accepted meanwhile once it is back.
 */
@AutoConfiguration
public class TemporalConfig {

    private static final Logger log = LoggerFactory.getLogger(TemporalConfig.class);

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    WorkflowClient workflowClient(TemporalProperties properties) {
        TemporalConnection connection = new TemporalConnection(properties.target(), properties.namespace(),
                properties.apiKey(), properties.tlsCert(), properties.tlsKey());
        log.info("Temporal: {}", connection);
        return connection.connect();
    }

    @Bean
    @ConditionalOnMissingBean
    RolloutWorkflows rolloutWorkflows(WorkflowClient client, TemporalProperties properties) {
        return new TemporalRolloutWorkflows(client, properties);
    }
}
