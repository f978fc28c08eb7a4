package io.jinference.server.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.inject.Singleton;

/**
 * Request latency per route and status as a histogram (buckets), so that percentiles can be
 * computed over replicas.
 */
@Singleton
final class LatencyHistograms implements MeterFilter {
  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    if (id.getName().equals("http.server.requests")) {
      return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
    }
    return config;
  }
}
