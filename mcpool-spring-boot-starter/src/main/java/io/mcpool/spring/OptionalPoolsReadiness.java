package io.mcpool.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * The optional-pool rule in Spring Boot's health groups: the {@code readiness} group never counts an
 * optional pool ({@code mcpool.<pool>.health.readiness=false}), whatever its {@code include} says, so
 * one optional server being down does not take the application out of its load balancer. The pool's
 * indicator stays in {@code /actuator/health} with its real status.
 */
final class OptionalPoolsReadiness implements HealthEndpointGroupsPostProcessor {

    /** The group Kubernetes' readiness probe reads. */
    static final String READINESS = "readiness";

    /** The health contributor's name: the bean {@code mcpoolHealthContributor} without its suffix. */
    static final String CONTRIBUTOR = "mcpool";

    private final Set<String> optionalMembers;

    /** @param optionalPools the names of the optional pools */
    OptionalPoolsReadiness(Set<String> optionalPools) {
        this.optionalMembers = Set.copyOf(optionalPools.stream().map(p -> CONTRIBUTOR + "/" + p).toList());
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        HealthEndpointGroup readiness = groups.get(READINESS);
        if (readiness == null || optionalMembers.isEmpty()) {
            return groups;
        }
        Map<String, HealthEndpointGroup> all = new LinkedHashMap<>();
        for (String name : groups.getNames()) {
            all.put(name, groups.get(name));
        }
        all.put(READINESS, new WithoutOptionalPools(readiness, optionalMembers));
        return HealthEndpointGroups.of(groups.getPrimary(), all);
    }

    /** A group as configured, without the optional pools. */
    private record WithoutOptionalPools(HealthEndpointGroup group, Set<String> optional) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return !optional.contains(name) && group.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return group.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return group.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return group.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return group.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return group.getAdditionalPath();
        }
    }
}
