package io.gridwatch.employers;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One employer of the registry (用人单位). Immutable.
 *
 * @param id null before it is stored
 * @param creditCode the unified social credit code, valid per {@link CreditCode}
 * @param lon WGS84
 * @param lat WGS84
 * @param cellCode the level-3 cell the location lies in
 * @param construction the wage safeguards of a construction project; null for every other industry
 * @param createdAt null before it is stored
 */
public record Employer(Long id, String name, String creditCode, Industry industry, String address, double lon,
    double lat, String cellCode, int workforce, IntegrityRating rating, ConstructionSafeguards construction,
    OffsetDateTime createdAt) {

  public Employer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(industry, "industry");
    Objects.requireNonNull(rating, "rating");
    if (!CreditCode.isValid(creditCode)) {
      throw new IllegalArgumentException("not a valid credit code: " + creditCode);
    }
    if ((industry == Industry.CONSTRUCTION) != (construction != null)) {
      throw new IllegalArgumentException("construction safeguards are set for construction employers only");
    }
  }

  /** An employer to be stored. */
  public static Employer unsaved(String name, String creditCode, Industry industry, String address, double lon,
      double lat, String cellCode, int workforce, IntegrityRating rating, ConstructionSafeguards construction) {
    return new Employer(null, name, creditCode, industry, address, lon, lat, cellCode, workforce, rating,
        construction, null);
  }

  /** The JSON the employer API returns. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("creditCode", creditCode)
        .put("industry", industry.name())
        .put("industryName", industry.chinese())
        .put("address", address)
        .put("location", new JsonObject().put("lon", lon).put("lat", lat).put("crs", "WGS84"))
        .put("cellCode", cellCode)
        .put("workforce", workforce)
        .put("integrityRating", rating.name())
        .put("construction", construction == null ? null : new JsonObject()
            .put("wageGuaranteeDeposit", construction.wageGuaranteeDeposit())
            .put("dedicatedWageAccount", construction.dedicatedWageAccount())
            .put("realNameAttendance", construction.realNameAttendance()))
        .put("createdAt", createdAt == null ? null : createdAt.toString());
  }
}
