package io.sbme.support.outage;

/**
 * Thrown when a call failed because a dependency as a whole is unavailable, not because of the
 * record in hand: the record is held and tried again once the dependency is back, never retried
 * towards a dead-letter topic.
 */
public class DependencyDown extends RuntimeException {

    private final transient Dependency dependency;

    public DependencyDown(Dependency dependency, String cause) {
        super(dependency.name() + " unavailable: " + cause, null, false, false);
        this.dependency = dependency;
    }

    public Dependency dependency() {
        return dependency;
    }
}
