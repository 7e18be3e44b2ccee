import { atlasError } from './errors';

/**
 * Resource versions of the versioned Atlas Administration API (`/api/atlas/v2`) the emulator
 * serves. A v2 request names one in `Accept: application/vnd.atlas.YYYY-MM-DD+json`.
 */
export interface AtlasApiVersions {
  /** Versions answered normally. */
  readonly supported: readonly string[];
  /** Versions past their sunset date: answered `410 VERSION_GONE`. */
  readonly sunset: readonly string[];
}

/**
 * The default version lists.
 *
 * `supported` is the list of resource versions published in MongoDB's Atlas SDK
 * (`openapi/versions.json`: 2023-01-01 … 2024-08-05) plus the later cluster versions the API
 * reference names (2024-10-23, 2025-02-19, 2025-03-12). Atlas deprecates a version when a newer
 * one appears and removes it at least twelve months later ("Versioned Atlas Administration API
 * Overview"). The emulator runs in late 2026, so it treats the first version, `2023-01-01`
 * (superseded on 2023-02-01 and listed as deprecated in the reference), as sunset: requests
 * naming it get `410 VERSION_GONE`, as the specification's `gone` response describes. Pass your
 * own lists to `startAtlasEmulator({ apiVersions })` to model another moment.
 */
export const DEFAULT_ATLAS_API_VERSIONS: AtlasApiVersions = {
  supported: [
    '2023-02-01',
    '2023-10-01',
    '2023-11-15',
    '2024-05-30',
    '2024-08-05',
    '2024-10-23',
    '2025-02-19',
    '2025-03-12',
  ],
  sunset: ['2023-01-01'],
};

const VERSIONED_ACCEPT = /application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+(json|csv|gzip)/;

/**
 * Reads the resource version from a v2 request's `Accept` header, or fails the way Atlas does:
 * `406` without a versioned media type (or with one Atlas never published), `410 VERSION_GONE`
 * for a sunset version.
 *
 * @example
 * ```ts
 * negotiateVersion('application/vnd.atlas.2024-08-05+json', DEFAULT_ATLAS_API_VERSIONS); // '2024-08-05'
 * ```
 */
export function negotiateVersion(accept: string | undefined, versions: AtlasApiVersions): string {
  const match = accept ? VERSIONED_ACCEPT.exec(accept) : null;
  if (!match) {
    throw atlasError(
      'INVALID_ACCEPT_HEADER',
      'Invalid accept header or version date. The versioned API requires an Accept header such as application/vnd.atlas.2024-08-05+json.',
      { parameters: [accept ?? ''] },
    );
  }
  const version = match[1]!;
  if (versions.sunset.includes(version)) {
    throw atlasError(
      'VERSION_GONE',
      `Version ${version} of this resource has been sunset and is no longer available.`,
      {
        parameters: [version],
      },
    );
  }
  if (!versions.supported.includes(version)) {
    throw atlasError(
      'INVALID_ACCEPT_HEADER',
      `Invalid accept header or version date: ${version} is not a version of this resource.`,
      {
        parameters: [version],
      },
    );
  }
  return version;
}
