/** Distances on the Earth's surface, for ranking engineers by how far they are from a ticket. */

export interface GeoPoint {
  lat: number;
  lng: number;
}

/** The mean Earth radius (IUGG), good to ~0.5 % anywhere, which is plenty for travel ranking. */
const EARTH_RADIUS_KM = 6371.0088;
const RADIANS = Math.PI / 180;

/** Great-circle distance in kilometres between two points (haversine formula). */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  return distanceFrom(a)(b);
}

/**
 * A distance function from one fixed origin. Ranking measures thousands of engineers from the
 * same ticket, so the origin's radians and cosine are computed once here, not per engineer.
 */
export function distanceFrom(origin: GeoPoint): (point: GeoPoint) => number {
  const originLat = origin.lat * RADIANS;
  const originLng = origin.lng * RADIANS;
  const cosOriginLat = Math.cos(originLat);
  return (point) => {
    const lat = point.lat * RADIANS;
    const sinHalfDLat = Math.sin((lat - originLat) / 2);
    const sinHalfDLng = Math.sin((point.lng * RADIANS - originLng) / 2);
    const h = sinHalfDLat * sinHalfDLat + cosOriginLat * Math.cos(lat) * sinHalfDLng * sinHalfDLng;
    // min() guards asin against rounding just above 1 for antipodal points.
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  };
}

/** A little under 1, so rounding in the haversine can never put it below the bound. */
const BOUND_MARGIN = 1 - 1e-9;

/**
 * A lower bound of distanceFrom(origin), with no trigonometry: any path between two points
 * crosses the latitudes between them, so the great-circle distance is at least the meridian
 * arc between their parallels. It lets a ranking skip the haversine of engineers who could not
 * rank high even at that distance.
 */
export function latitudeGapFrom(origin: GeoPoint): (point: GeoPoint) => number {
  const originLat = origin.lat * RADIANS;
  return (point) => EARTH_RADIUS_KM * Math.abs(point.lat * RADIANS - originLat) * BOUND_MARGIN;
}
