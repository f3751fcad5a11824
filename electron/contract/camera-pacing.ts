// How fast the screens use the camera, shared by the renderer (which paces itself by these) and the gate
// bench (whose floor is the camera's minimum for a pass: one QR read period + the frames the check needs).

/** How often the idle gate reads the camera for a QR code (one read at a time), ms. */
export const QR_SCAN_INTERVAL_MS = 120;

/** Frames per second sent to the face check: the engine needs a few good frames; never more than one in flight. */
export const FACE_FRAMES_PER_SECOND = 8;
