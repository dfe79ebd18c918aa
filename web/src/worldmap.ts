// The offline base map: Natural Earth country boundaries (world-atlas
// countries-110m, TopoJSON) turned into GeoJSON for ECharts' geo component.
//
// world-atlas stitches polygons across the antimeridian (Russia's Chukotka,
// Fiji), so a ring can jump from +179° to −179°; drawn on a plane that jump is
// a horizontal line across the whole map. We unwrap every ring (each step of
// more than 180° is taken the short way, giving longitudes beyond ±180) and
// move a ring that ends up mostly west of −180° by +360°, so the Pacific side
// stays on the right of Asia. Antarctica wraps the pole and cannot be
// unwrapped; it is dropped (no member city is there).
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { FeatureCollection, Geometry, Position } from 'geojson';
import world from 'world-atlas/countries-110m.json';
import { echarts } from './echarts_lib';

const ANTARCTICA = '010';

function unwrapRing(ring: Position[]): Position[] {
  if (ring.length === 0) return ring;
  const out: Position[] = [[ring[0][0], ring[0][1]]];
  let offset = 0;
  for (let i = 1; i < ring.length; i++) {
    const d = ring[i][0] - ring[i - 1][0];
    if (d > 180) offset -= 360;
    else if (d < -180) offset += 360;
    out.push([ring[i][0] + offset, ring[i][1]]);
  }
  let sum = 0;
  for (const p of out) sum += p[0];
  const mean = sum / out.length;
  if (mean < -180) for (const p of out) p[0] += 360;
  else if (mean > 180 + 90) for (const p of out) p[0] -= 360;
  return out;
}

function fixGeometry(g: Geometry): Geometry {
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(unwrapRing) };
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((poly) => poly.map(unwrapRing)) };
  return g;
}

let registered = false;

/** Registers the map "world" with ECharts once. */
export function registerWorld(): void {
  if (registered) return;
  const topo = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  const features = fc.features
    .filter((f) => String(f.id) !== ANTARCTICA && f.geometry)
    .map((f) => ({ ...f, geometry: fixGeometry(f.geometry) }));
  echarts.registerMap('world', { type: 'FeatureCollection', features } as never);
  registered = true;
}
