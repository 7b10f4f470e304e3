import { useEffect, useMemo } from 'react';
import { DataTexture, NearestFilter, RGBAFormat, UnsignedByteType } from 'three';

/**
 * One RGBA DataTexture of `width` x `height` texels, kept while the size stays the same (so new
 * data of the same shape is written into its buffer and re-uploaded, never reallocated) and
 * disposed when the size changes or the component unmounts.
 *
 * @example
 * const texture = useAtlasTexture(atlas.width, atlas.height);
 * fillAtlas(texture.image.data as Uint8Array, atlas, source, lut);
 * texture.needsUpdate = true;
 */
export function useAtlasTexture(width: number, height: number): DataTexture {
  const texture = useMemo(() => {
    const created = new DataTexture(new Uint8Array(width * height * 4), width, height, RGBAFormat, UnsignedByteType);
    // Nearest: a feature map's pixels are data, not an image to smooth; no mipmaps to rebuild.
    created.magFilter = NearestFilter;
    created.minFilter = NearestFilter;
    created.generateMipmaps = false;
    created.name = `feature-atlas ${width}x${height}`;
    return created;
  }, [width, height]);
  useEffect(() => () => texture.dispose(), [texture]);
  return texture;
}
