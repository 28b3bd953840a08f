package io.mcpool;

import java.time.Duration;
import java.util.Objects;

/**
 * The autoscaler moves the warm floor ({@code minSessions}) between {@link #minFloor()} and
 * {@link #maxFloor()}: up by {@link #step()} when the smoothed borrow wait exceeds
 * {@link #scaleUpWait()}, down by {@link #step()} (closing the surplus idle sessions) when callers do
 * not wait and the smoothed share of idle sessions exceeds {@link #scaleDownIdleRatio()}; at most one
 * change per {@link #cooldown()}. Validated by {@link PoolConfig.Builder#build()}.
 *
 * @param minFloor           the lowest floor, 0..maxFloor
 * @param maxFloor           the highest floor, minFloor..maxSessions
 * @param interval           how often it samples and decides, 100 ms..1 hour
 * @param scaleUpWait        smoothed borrow wait above which it scales up, 1 ms..1 min
 * @param scaleDownIdleRatio smoothed idle share above which it scales down, (0, 1]
 * @param step               sessions added or removed per decision, 1..maxSessions
 * @param cooldown           least time between two decisions, 0..1 hour
 */
public record AutoScalerConfig(int minFloor, int maxFloor, Duration interval, Duration scaleUpWait,
        double scaleDownIdleRatio, int step, Duration cooldown) {

    /** Null checks only; ranges are checked with the pool's configuration. */
    public AutoScalerConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(scaleUpWait, "scaleUpWait");
        Objects.requireNonNull(cooldown, "cooldown");
    }

    /** @return a builder with defaults: floor 1..10, every 5 s, up above 50 ms wait, down above 50 % idle, step 1, cooldown 30 s */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AutoScalerConfig}. */
    public static final class Builder {
        private int minFloor = 1;
        private int maxFloor = 10;
        private Duration interval = Duration.ofSeconds(5);
        private Duration scaleUpWait = Duration.ofMillis(50);
        private double scaleDownIdleRatio = 0.5;
        private int step = 1;
        private Duration cooldown = Duration.ofSeconds(30);

        private Builder() {
        }

        /** @param minFloor the lowest warm floor */
        public Builder minFloor(int minFloor) {
            this.minFloor = minFloor;
            return this;
        }

        /** @param maxFloor the highest warm floor */
        public Builder maxFloor(int maxFloor) {
            this.maxFloor = maxFloor;
            return this;
        }

        /** @param interval how often to sample and decide */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        /** @param scaleUpWait smoothed borrow wait above which to scale up */
        public Builder scaleUpWait(Duration scaleUpWait) {
            this.scaleUpWait = scaleUpWait;
            return this;
        }

        /** @param scaleDownIdleRatio smoothed idle share above which to scale down */
        public Builder scaleDownIdleRatio(double scaleDownIdleRatio) {
            this.scaleDownIdleRatio = scaleDownIdleRatio;
            return this;
        }

        /** @param step sessions per decision */
        public Builder step(int step) {
            this.step = step;
            return this;
        }

        /** @param cooldown least time between decisions */
        public Builder cooldown(Duration cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** @return the configuration (ranges are checked by {@link PoolConfig.Builder#build()}) */
        public AutoScalerConfig build() {
            return new AutoScalerConfig(minFloor, maxFloor, interval, scaleUpWait, scaleDownIdleRatio, step, cooldown);
        }
    }
}
