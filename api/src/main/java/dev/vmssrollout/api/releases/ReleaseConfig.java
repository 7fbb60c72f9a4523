package dev.vmssrollout.api.releases;

import dev.vmssrollout.model.release.RegionPairs;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The region pairs releases are checked against (the release store is in StoreConfig, with the others). */
@Configuration
class ReleaseConfig {

    @Bean
    @ConditionalOnMissingBean
    RegionPairs regionPairs() {
        return RegionPairs.azureDefaults();
    }
}
