package io.gridwatch.dispatch.bench;

import io.gridwatch.dispatch.DispatchCase;
import io.gridwatch.dispatch.Recommendation;
import io.gridwatch.dispatch.Staff;
import io.gridwatch.dispatch.TeamRanker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One {@link TeamRanker#rank} (five teams of two, reasons included) for a city of 2,000 field
 * staff (issue 11, item 9: p99 under 5 ms), in SampleTime mode for the average and percentiles.
 *
 * <ul>
 *   <li>{@code city}: the whole roster of the demo city, spread over Chengdu's real grid codes
 *       (259 street inspectors, 12 brigade inspectors per district, the rest community
 *       assistants), for cases at random points of random communities: what the endpoint will do
 *       if it hands the ranking the whole city.</li>
 *   <li>{@code oneChain}: 2,000 inspectors all in the chain of one community of 锦江区, cases at
 *       random points of that community: every person is scored, the worst case.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Xms1g"})
public class DispatchRankingBenchmark {
  private static final int CASES = 1 << 10;

  @Param({"city", "oneChain"})
  public String roster;

  @Param("2000")
  public int staffCount;

  @Param("geodata/chengdu/level3.geojson")
  public String level3;

  private List<Staff> staff;
  private DispatchCase[] cases;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    BenchCity city = new BenchCity(Path.of(level3), 20261202L);
    if (roster.equals("city")) {
      staff = city.cityRoster(staffCount, 12);
      cases = city.cases(CASES, null).toArray(DispatchCase[]::new);
    } else {
      String community = city.cells.get(0).code();
      staff = city.oneChainRoster(staffCount, community);
      cases = city.cases(CASES, community).toArray(DispatchCase[]::new);
    }
    Recommendation sample = TeamRanker.rank(cases[0], staff, BenchCity.NOW);
    System.out.printf("%nroster %s: %d staff; sample case %s: %d eligible, %d teams%n", roster,
        staff.size(), cases[0].cellCode(), sample.eligible(), sample.teams().size());
  }

  @Benchmark
  public Recommendation rank() {
    DispatchCase c = cases[next++ & (CASES - 1)];
    return TeamRanker.rank(c, staff, BenchCity.NOW);
  }
}
