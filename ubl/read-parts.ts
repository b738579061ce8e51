import type {
  Address,
  Amount,
  Contact,
  Delivery,
  DeliveryTerms,
  Item,
  Party,
  PartyIdSource,
  Period,
  Price,
  Quantity,
} from '../domain/documents';
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

export function readDelivery(element: XmlElement | undefined): Delivery | undefined {
  if (element === undefined) return undefined;
  return compactOrUndefined({
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
