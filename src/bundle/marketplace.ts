import { createHash } from 'node:crypto';
import type { BuildConfig } from '../schemas/build-config.ts';
import type { Manifest } from '../schemas/plugin-manifest.ts';
import { marketplaceEntrySchema, marketplaceSchema, type Marketplace, type MarketplaceEntry } from '../schemas/marketplace.ts';

/** The entry fields both marketplaces share, taken from the bundle's manifest. */
function entryFields(manifest: Manifest, config: BuildConfig) {
  return {
    name: manifest.name,
    description: manifest.description,
    version: manifest.version,
    author: manifest.author,
    ...(manifest.license ? { license: manifest.license } : {}),
    ...(manifest.homepage ? { homepage: manifest.homepage } : {}),
    ...(manifest.keywords ? { keywords: manifest.keywords } : {}),
    category: config.marketplace.category,
    tags: config.marketplace.tags,
  };
}

/** A local directory marketplace holding the bundle under plugins/<name>, for `claude plugin marketplace add`. */
export function localMarketplace(manifest: Manifest, config: BuildConfig): Marketplace {
  return marketplaceSchema.parse({
    name: config.marketplace.name,
    owner: config.marketplace.owner,
    description: config.marketplace.description,
    plugins: [{ ...entryFields(manifest, config), source: `./plugins/${manifest.name}` }],
  });
}

/** The entry to paste into the published marketplace: the release zip, pinned by its sha256. */
export function publishedEntry(manifest: Manifest, config: BuildConfig, zip: Uint8Array): MarketplaceEntry {
  return marketplaceEntrySchema.parse({
    ...entryFields(manifest, config),
    source: { source: 'archive', url: config.marketplace.archiveUrl.replaceAll('${version}', manifest.version), sha256: createHash('sha256').update(zip).digest('hex') },
  });
}
