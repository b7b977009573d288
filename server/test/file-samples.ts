import sharp from "sharp";

/** A real 8×8 PNG (the store decodes and re-encodes images, so a header alone is refused). */
export const tinyPng = () =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: "#c00" } })
    .png()
    .toBuffer();

/** A JPEG carrying EXIF with a GPS position (Zhongguancun) and a camera name. */
export const jpegWithGps = () =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: "#08c" } })
    .jpeg()
    .withExif({
      IFD0: { Make: "govhall-test-camera", Model: "GPS-1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "39/1 59/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "116/1 18/1 0/1" },
    })
    .toBuffer();
