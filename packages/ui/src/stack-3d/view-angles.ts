/**
 * The view the stacks open in, in degrees: azimuth about +y from the front (+z, the input's
 * side) towards +x, elevation above the horizon. Seen from the front-right and above, the
 * depth axis runs across the canvas and every plane shows its face, foreshortened.
 */
export const VIEW_ANGLES = { azimuth: 45, elevation: 35 } as const;

/**
 * How far the orbit may turn, in degrees. The planes face ±z, so they are edge-on at azimuth
 * ±90° and seen from straight above at elevation 90°; stopping 25° and 30° short keeps every
 * face at least 40% (cos 65°) and half (cos 60°) as wide and tall as seen head on.
 */
export const ORBIT_LIMITS = { azimuth: [-65, 65], elevation: [-25, 60] } as const;

/** Field of view (vertical, degrees): narrow, so far stacks shrink less than with a wide lens. */
export const FIELD_OF_VIEW = 30;
