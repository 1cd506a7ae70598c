import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

/*
 * Azure AD tenant and client ids after their keys, as secretlint's azure
 * rule reports them (src/masking/rules/azure-ids.ts); its fixtures first.
 */

const masker = createMasker();
const GUID = "dac6fb3d-713c-4555-8a97-4089aa3849be";

describe("Azure tenant and client ids", () => {
  it.each([
    [`ad_tenant_id: "${GUID}"\n`, 'ad_tenant_id: "[secret:azure-id]"\n'],
    [`AZURE_CLIENT_ID=${GUID}\n`, "AZURE_CLIENT_ID=[secret:azure-id]\n"],
    [`AZURE_TENANT_ID=${GUID.toUpperCase()}`, "AZURE_TENANT_ID=[secret:azure-id]"],
    [`azureTenantId := '${GUID}'`, "azureTenantId := '[secret:azure-id]'"],
    [JSON.stringify({ azureClientId: GUID }), JSON.stringify({ azureClientId: "[secret:azure-id]" })],
    [JSON.stringify({ msg: `"azure_client_id" => "${GUID}"` }), JSON.stringify({ msg: '"azure_client_id" => "[secret:azure-id]"' })],
  ])("%j is masked", (text, expected) => {
    expect(masker.mask(text)).toBe(expected);
  });

  it.each([
    `tenant_id: ${GUID}`,
    `request_id=${GUID}`,
    `myclient_id=${GUID}`,
    `clientId = "${GUID}"`,
    `"x-github-delivery": "${GUID}"`,
    `AZURE_CLIENT_ID=${GUID}0`,
    "AZURE_CLIENT_ID=not-a-guid",
    `client_id, ${GUID}`,
  ])("%j stays (no Azure key, or no GUID after one; a bare clientId is one of gitleaks' false positives)", (text) => {
    expect(masker.mask(text)).toBe(text);
  });
});
