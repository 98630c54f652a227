package io.gridwatch.open311;

import io.gridwatch.cases.workflow.CaseStatus;
import io.gridwatch.geo.GridResolver;
import io.gridwatch.geo.GridService;
import io.gridwatch.geo.model.GridCell;
import io.gridwatch.open311.Open311Store.ServiceRequest;
import io.gridwatch.open311.ServiceCatalogue.Service;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders cases as Open311 service requests (GeoReport v2's JSON), with the responsible units and
 * the address named from the current grid. No complainant data at all. Thread-safe.
 */
final class ServiceRequests {
  private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
  private final GridService grid;
  private final ServiceCatalogue catalogue;

  ServiceRequests(GridService grid, ServiceCatalogue catalogue) {
    this.grid = grid;
    this.catalogue = catalogue;
  }

  /** A case as a service request. */
  JsonObject render(ServiceRequest r) {
    CaseStatus status = r.status();
    String category = r.category();
    String cell = r.cellCode();
    Optional<Service> service = catalogue.find(category);
    OffsetDateTime expected = r.expectedAt();
    return new JsonObject()
        .put("service_request_id", r.caseNo())
        .put("status", StatusMapping.open311(status))
        .put("status_notes", StatusMapping.notes(status, r.mergedIntoNo()))
        .put("service_name", service.map(Service::name).orElse(category))
        .put("service_code", category)
        .put("description", r.description())
        .put("agency_responsible", agency(cell))
        .putNull("service_notice")
        .put("requested_datetime", w3(r.createdAt()))
        .put("updated_datetime", w3(r.updatedAt()))
        .put("expected_datetime", status.isOpen() && expected != null ? w3(expected) : null)
        .put("address", address(cell))
        .putNull("address_id")
        .putNull("zipcode")
        .put("lat", r.lat())
        .put("long", r.lon())
        .putNull("media_url");
  }

  /** The notice answered to a filing. */
  String notice(String caseNo, String cellCode) {
    String agency = agency(cellCode);
    return agency == null
        ? "已接收 Received as " + caseNo + ". It lies outside the grid's coverage and waits in the dispatch centre's"
            + " queue for a unit to be assigned."
        : "已接收 Received as " + caseNo + " by " + agency + ". Within 5 working days the unit decides whether to"
            + " accept it for handling (受理) and register it (立案); follow it with GET requests/" + caseNo + ".json.";
  }

  /**
   * The units responsible: the level-1 grid's inspection brigade (监察大队) and the level-2 grid's
   * squad (中队), by the names of the current grid; null for an unassigned case.
   */
  private String agency(String cellCode) {
    if (cellCode == null) {
      return null;
    }
    GridResolver resolver = grid.snapshot().resolver();
    String district = resolver.cell(cellCode.substring(0, 6)).map(GridCell::name).orElse(cellCode.substring(0, 6));
    StringBuilder s = new StringBuilder(district).append("劳动保障监察大队");
    if (cellCode.length() >= 9) {
      resolver.cell(cellCode.substring(0, 9)).ifPresent(c -> s.append(' ').append(c.name()).append("中队"));
    }
    return s.toString();
  }

  /** The cell's names, most specific first (as the spec orders an address); null when unassigned. */
  private String address(String cellCode) {
    if (cellCode == null) {
      return null;
    }
    GridResolver resolver = grid.snapshot().resolver();
    List<String> names = new ArrayList<>();
    for (int len : new int[] {14, 12, 9, 6}) {
      if (cellCode.length() >= len) {
        resolver.cell(cellCode.substring(0, len)).ifPresent(c -> names.add(c.name()));
      }
    }
    return names.isEmpty() ? cellCode : String.join(", ", names);
  }

  private static String w3(OffsetDateTime t) {
    return t == null ? null
        : t.withOffsetSameInstant(BEIJING).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
