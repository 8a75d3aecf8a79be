package dev.spoor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each Agents measurement ({@link AgentLatency}, {@link AgentThroughput}) run at a tiny scale,
 * the two-process ones with a real second JVM: every message arrives exactly once and in order
 * (an observation may coalesce, never repeat), every task is claimed exactly once, idle
 * observations stay idle. Nothing here measures time: the numbers live in docs/benchmarks.md.
 */
class AgentMeasurementsTest {
  private static final AgentLatency.Settings TINY = new AgentLatency.Settings(20, 200, 200_000);

  @ParameterizedTest
  @EnumSource(AgentLatency.Measurement.class)
  void everyLatencyMeasurementDeliversEachMessageOnce(AgentLatency.Measurement m) throws Exception {
    AgentLatency.Result r = m.run(TINY).verify();

    assertThat(r.sent()).isEqualTo(220);
    assertThat(r.duplicates()).isZero();
    assertThat(r.outOfOrder()).isZero();
    assertThat(r.lastDelivered()).isTrue();
    if (m.mayCoalesce()) {
      assertThat(r.received() + r.coalesced()).isEqualTo(220);
      assertThat(r.sorted()).hasSizeLessThanOrEqualTo(200).isNotEmpty();
    } else {
      assertThat(r.received()).isEqualTo(220);
      assertThat(r.sorted()).hasSize(200);
    }
    assertThat(r.sorted()[0]).isPositive();
    assertThat(r.percentile(0.5)).isLessThanOrEqualTo(r.percentile(0.99));
  }

  @Test
  void theRecorderCatchesARepeatedMessage() {
    AgentLatency.Recorder recorder = new AgentLatency.Recorder(new AgentLatency.Settings(0, 3, 0));
    recorder.record(0, 0, 10);
    recorder.record(1, 0, 10);
    recorder.record(1, 0, 10);
    recorder.record(2, 0, 10);
    AgentLatency.Result r = recorder.result(AgentLatency.Measurement.CURSOR_1P);

    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.outOfOrder()).isEqualTo(1);
    assertThatThrownBy(r::verify).isInstanceOf(IllegalStateException.class)
        .hasMessage("wrong answer: cursor-1p: 1 messages delivered more than once");
  }

  @Test
  void theRecorderCatchesALostMessage() {
    AgentLatency.Recorder recorder = new AgentLatency.Recorder(new AgentLatency.Settings(0, 3, 0));
    recorder.record(0, 0, 10);
    recorder.record(2, 0, 10);

    assertThatThrownBy(recorder.result(AgentLatency.Measurement.CURSOR_2P)::verify)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("wrong answer: cursor-2p: 2 of 3 messages delivered");
    assertThat(recorder.result(AgentLatency.Measurement.OBSERVE_2P).verify().coalesced()).isEqualTo(1);
  }

  @Test
  void eightWorkersClaimEachTaskExactlyOnce() throws Exception {
    AgentThroughput.Claims c = AgentThroughput.claims(8, 300);

    assertThat(c.wins()).isEqualTo(300);
    assertThat(c.wins() + c.conflicts() + c.skipped()).isEqualTo(8 * 300);
  }

  @Test
  void idleObservationsSeeNoChangeWhileTheWriterWrites() throws Exception {
    AgentThroughput.Writes w = AgentThroughput.writes(200, Duration.ofMillis(100), Duration.ofMillis(300));

    assertThat(w.observations()).isEqualTo(200);
    assertThat(w.txs()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(AgentThroughput.Others.class)
  void aBusyObservationDeliversTheLastValue(AgentThroughput.Others others) throws Exception {
    AgentThroughput.Delivery d = AgentThroughput.delivery(others, 100, Duration.ofMillis(100), Duration.ofMillis(300));

    assertThat(d.txs()).isPositive();
    assertThat(d.changes()).isPositive().isLessThanOrEqualTo(d.txs());
  }
}
