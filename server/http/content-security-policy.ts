/**
 * A strict policy for the site and the API: scripts, styles, fonts and images only from Runsheet
 * itself (no inline script: the islands are bundled modules), no plugins, no framing, and requests
 * only back to Runsheet.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};
