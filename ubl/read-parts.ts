import type {
  Address,
  AllowanceCharge,
  Amount,
  AttachmentReference,
  Contact,
  Delivery,
  DeliveryTerms,
  Item,
  Party,
  PartyIdSource,
  Period,
  Price,
  Quantity,
  TaxCategory,
  TaxSubtotal,
  TaxTotal,
} from '../domain/documents';
import { UblDocumentError } from './errors';
import type { XmlElement } from './xml-tree';
import { all, attribute, compact, compactOrUndefined, decimal, first, text, texts } from './ubl-read';

/** Readers for the UBL aggregates shared by every ordering document. */

export function readQuantity(element: XmlElement | undefined, where: string): Quantity | undefined {
  const value = decimal(element, where);
  if (value === undefined) return undefined;
  return compact({ value, unitCode: attribute(element, 'unitCode') });
}

export function readAmount(element: XmlElement | undefined, where: string): Amount | undefined {
  const value = decimal(element, where);
  if (value === undefined) return undefined;
  return compact({ value, currencyId: attribute(element, 'currencyID') });
}

export function readPrice(element: XmlElement | undefined, where: string): Price | undefined {
  const amount = readAmount(first(element, 'cbc:PriceAmount'), `${where}/PriceAmount`);
  if (amount === undefined) return undefined;
  const baseQuantity = readQuantity(first(element, 'cbc:BaseQuantity'), `${where}/BaseQuantity`);
  return baseQuantity === undefined ? { amount } : { amount, baseQuantity };
}

export function readPeriod(element: XmlElement | undefined): Period | undefined {
  if (element === undefined) return undefined;
  return compactOrUndefined({
    startDate: text(element, 'cbc:StartDate'),
    startTime: text(element, 'cbc:StartTime'),
    endDate: text(element, 'cbc:EndDate'),
    endTime: text(element, 'cbc:EndTime'),
  });
}

export function readAddress(element: XmlElement | undefined): Address | undefined {
  if (element === undefined) return undefined;
  const lines = texts(element, 'cac:AddressLine/cbc:Line');
  return compactOrUndefined({
    streetName: text(element, 'cbc:StreetName'),
    additionalStreetName: text(element, 'cbc:AdditionalStreetName'),
    buildingNumber: text(element, 'cbc:BuildingNumber'),
    cityName: text(element, 'cbc:CityName'),
    postalZone: text(element, 'cbc:PostalZone'),
    countrySubentity: text(element, 'cbc:CountrySubentity'),
    countryCode: text(element, 'cac:Country/cbc:IdentificationCode'),
    addressLines: lines.length > 0 ? lines : undefined,
  });
}

export function readContact(element: XmlElement | undefined): Contact | undefined {
  if (element === undefined) return undefined;
  return compactOrUndefined({
    id: text(element, 'cbc:ID'),
    name: text(element, 'cbc:Name'),
    telephone: text(element, 'cbc:Telephone'),
    email: text(element, 'cbc:ElectronicMail'),
  });
}

/**
 * Reads a role party (cac:BuyerCustomerParty, cac:SellerSupplierParty …). The id falls back from
 * PartyIdentification/ID to EndpointID, the role's CustomerAssignedAccountID, then
 * PartyLegalEntity/CompanyID; `idSource` records which one was used.
 */
export function readRoleParty(role: XmlElement | undefined, roleContactStep: string): Party {
  if (role === undefined) return {};
  const party = first(role, 'cac:Party');
  const ids = texts(party, 'cac:PartyIdentification/cbc:ID');
  const identification = first(party, 'cac:PartyIdentification/cbc:ID');
  const endpoint = first(party, 'cbc:EndpointID');
  const customerAssigned = text(role, 'cbc:CustomerAssignedAccountID');
  const candidates: [PartyIdSource, string | undefined, XmlElement | undefined][] = [
    ['PartyIdentification', ids[0], identification],
    ['EndpointID', text(party, 'cbc:EndpointID'), endpoint],
    ['CustomerAssignedAccountID', customerAssigned, undefined],
    ['PartyLegalEntity/CompanyID', text(party, 'cac:PartyLegalEntity/cbc:CompanyID'), undefined],
  ];
  const chosen = candidates.find(([, value]) => value !== undefined);
  return (
    compactOrUndefined({
      id: chosen?.[1],
      idSource: chosen?.[0],
      idSchemeId: chosen?.[0] === 'PartyIdentification' ? attribute(identification, 'schemeID') : undefined,
      ids: ids.length > 0 ? ids : undefined,
      endpointId: text(party, 'cbc:EndpointID'),
      endpointSchemeId: attribute(endpoint, 'schemeID'),
      customerAssignedAccountId: customerAssigned,
      supplierAssignedAccountId: text(role, 'cbc:SupplierAssignedAccountID'),
      name: text(party, 'cac:PartyName/cbc:Name') ?? text(party, 'cac:PartyLegalEntity/cbc:RegistrationName'),
      address: readAddress(first(party, 'cac:PostalAddress')),
      contact: readContact(first(party, 'cac:Contact')),
      roleContact: readContact(first(role, roleContactStep)),
    }) ?? {}
  );
}

/** A cac:Delivery (of the header or of a line); `where` names it in error messages. */
export function readDelivery(element: XmlElement | undefined, where: string): Delivery | undefined {
  if (element === undefined) return undefined;
  return compactOrUndefined({
    id: text(element, 'cbc:ID'),
    quantity: readQuantity(first(element, 'cbc:Quantity'), `${where}/Quantity`),
    requestedPeriod: readPeriod(first(element, 'cac:RequestedDeliveryPeriod')),
    promisedPeriod: readPeriod(first(element, 'cac:PromisedDeliveryPeriod')),
    address: readAddress(
      first(element, 'cac:DeliveryAddress') ?? first(element, 'cac:DeliveryLocation/cac:Address'),
    ),
    locationId: text(element, 'cac:DeliveryLocation/cbc:ID'),
    deliveryPartyName: text(element, 'cac:DeliveryParty/cac:PartyName/cbc:Name'),
  });
}

export function readDeliveryTerms(element: XmlElement | undefined): DeliveryTerms | undefined {
  if (element === undefined) return undefined;
  return compactOrUndefined({
    id: text(element, 'cbc:ID'),
    specialTerms: text(element, 'cbc:SpecialTerms'),
    location:
      text(element, 'cac:DeliveryLocation/cbc:ID') ?? text(element, 'cac:DeliveryLocation/cbc:Description'),
  });
}

export function readItem(element: XmlElement | undefined): Item {
  const properties = all(element, 'cac:AdditionalItemProperty')
    .map((property) => ({ name: text(property, 'cbc:Name') ?? '', value: text(property, 'cbc:Value') ?? '' }))
    .filter((property) => property.name !== '' || property.value !== '');
  return (
    compactOrUndefined({
      name: text(element, 'cbc:Name'),
      description: texts(element, 'cbc:Description').join('\n') || undefined,
      buyersItemId: text(element, 'cac:BuyersItemIdentification/cbc:ID'),
      sellersItemId: text(element, 'cac:SellersItemIdentification/cbc:ID'),
      standardItemId: text(element, 'cac:StandardItemIdentification/cbc:ID'),
      properties: properties.length > 0 ? properties : undefined,
    }) ?? {}
  );
}

/** Every cbc:Note child, in order. */
export function readNotes(element: XmlElement | undefined): string[] {
  return all(element, 'cbc:Note')
    .map((note) => note.text)
    .filter((note) => note !== '');
}

/** A mandatory amount: refused with 'missing-element' when absent. */
function requiredAmount(element: XmlElement | undefined, path: string, where: string, why: string): Amount {
  const amount = readAmount(first(element, path), `${where}/${path.replace(/c[ab]c:/g, '')}`);
  if (amount === undefined) {
    throw new UblDocumentError(
      'missing-element',
      `${where} has no ${path}: ${why}`,
      `${where}/${path.replace(/c[ab]c:/g, '')}`,
    );
  }
  return amount;
}

export function readTaxCategory(element: XmlElement | undefined, where: string): TaxCategory | undefined {
  if (element === undefined) return undefined;
  return compactOrUndefined({
    id: text(element, 'cbc:ID'),
    percent: decimal(first(element, 'cbc:Percent'), `${where}/Percent`),
    taxSchemeId: text(element, 'cac:TaxScheme/cbc:ID'),
  });
}

/** xsd:boolean: true / false / 1 / 0. */
function readIndicator(element: XmlElement | undefined, where: string, why: string): boolean {
  const value = element?.text;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  if (value === undefined || value === '') {
    throw new UblDocumentError('missing-element', `${where} has no value: ${why}`, where);
  }
  throw new UblDocumentError(
    'invalid-value',
    `${where} is "${value}", which is not a boolean (true, false, 1 or 0): ${why}`,
    where,
  );
}

/**
 * A cac:AllowanceCharge. Its direction (ChargeIndicator) and Amount are mandatory: without them
 * the order's money cannot be known, so the document is refused rather than guessed at.
 */
export function readAllowanceCharge(element: XmlElement, where: string): AllowanceCharge {
  const reasons = texts(element, 'cbc:AllowanceChargeReason');
  return compact({
    chargeIndicator: readIndicator(
      first(element, 'cbc:ChargeIndicator'),
      `${where}/ChargeIndicator`,
      'it says whether the amount is a charge (true) or an allowance (false)',
    ),
    reasonCode: text(element, 'cbc:AllowanceChargeReasonCode'),
    reason: reasons.length > 0 ? reasons.join('\n') : undefined,
    multiplierFactor: decimal(
      first(element, 'cbc:MultiplierFactorNumeric'),
      `${where}/MultiplierFactorNumeric`,
    ),
    amount: requiredAmount(element, 'cbc:Amount', where, 'the amount of an allowance or charge is mandatory'),
    baseAmount: readAmount(first(element, 'cbc:BaseAmount'), `${where}/BaseAmount`),
    taxCategory: readTaxCategory(first(element, 'cac:TaxCategory'), `${where}/TaxCategory`),
  });
}

function readTaxSubtotal(element: XmlElement, where: string): TaxSubtotal {
  return compact({
    taxableAmount: readAmount(first(element, 'cbc:TaxableAmount'), `${where}/TaxableAmount`),
    taxAmount: requiredAmount(element, 'cbc:TaxAmount', where, 'the tax amount of a subtotal is mandatory'),
    percent: decimal(first(element, 'cbc:Percent'), `${where}/Percent`),
    category: readTaxCategory(first(element, 'cac:TaxCategory'), `${where}/TaxCategory`),
  });
}

/** A cac:TaxTotal with its subtotals. */
export function readTaxTotal(element: XmlElement, where: string): TaxTotal {
  return {
    taxAmount: requiredAmount(element, 'cbc:TaxAmount', where, 'the tax amount of a tax total is mandatory'),
    subtotals: all(element, 'cac:TaxSubtotal').map((subtotal, index) =>
      readTaxSubtotal(subtotal, `${where}/TaxSubtotal[${index + 1}]`),
    ),
  };
}

/**
 * A cac:AdditionalDocumentReference: the reference and the file's name and type, never an embedded
 * file's base64 content (that stays in the archived message).
 */
export function readAttachmentReference(element: XmlElement): AttachmentReference {
  const embedded = first(element, 'cac:Attachment/cbc:EmbeddedDocumentBinaryObject');
  const external = first(element, 'cac:Attachment/cac:ExternalReference');
  const descriptions = texts(element, 'cbc:DocumentDescription');
  return compact({
    id: text(element, 'cbc:ID'),
    documentTypeCode: text(element, 'cbc:DocumentTypeCode'),
    documentType: text(element, 'cbc:DocumentType'),
    description: descriptions.length > 0 ? descriptions.join('\n') : undefined,
    externalUri: text(external, 'cbc:URI'),
    fileName: attribute(embedded, 'filename') ?? text(external, 'cbc:FileName'),
    mimeCode: attribute(embedded, 'mimeCode') ?? text(external, 'cbc:MimeCode'),
    embedded: embedded === undefined ? undefined : true,
  });
}
