package io.gridwatch.dispatch;

import java.util.List;

/**
 * The ranking's answer for one case. Immutable and thread-safe.
 *
 * @param teams the proposed teams, best first, at most the requested number; empty when the chain
 *     cannot make one team (then {@code notes} says why)
 * @param notes reasons about the whole recommendation rather than one team: who was left out and
 *     why (off duty, assistants not counted, outside the grid chain), a case without location, or
 *     why there is no team at all
 * @param candidates the best-ranked individuals the teams were chosen from, best first
 * @param eligible how many staff could have been on a team (on duty, in the chain, of a role that
 *     counts)
 */
public record Recommendation(List<Team> teams, List<Reason> notes, List<Candidate> candidates,
    int eligible) {

  public Recommendation {
    teams = List.copyOf(teams);
    notes = List.copyOf(notes);
    candidates = List.copyOf(candidates);
  }

  /** The notes as strings ({@link Reason#line()}). */
  public List<String> noteLines() {
    return notes.stream().map(Reason::line).toList();
  }
}
