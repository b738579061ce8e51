import Big from 'big.js';
import { randomInt, seededRandom } from './random';
import type { SandboxLineTerms } from './types';

/** Content of a generated customer order: deterministic for a seed (except the issue date, which is today). */

export interface GeneratedLine {
  lineId: string;
  itemName: string;
  sellersItemId: string;
  unitCode: string;
  terms: SandboxLineTerms;
}

const catalogue = [
  { name: 'HEX HEAD SCREW M16x80mm', id: 'HHS-M16-80' },
  { name: 'HEX NUT M16', id: 'HN-M16' },
  { name: 'FLAT WASHER 17mm', id: 'FW-17' },
  { name: 'BALL BEARING 6204-2RS', id: 'BB-6204' },
  { name: 'HYDRAULIC HOSE 1/2in 2m', id: 'HH-12-2' },
  { name: 'STEEL BRACKET 90deg', id: 'SB-90' },
  { name: 'O-RING 40x3 NBR', id: 'OR-40-3' },
  { name: 'CABLE GLAND M20', id: 'CG-M20' },
];

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

export function generateLines(seed: number, count: number, issueDate: string): GeneratedLine[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const item = catalogue[randomInt(random, 0, catalogue.length - 1)];
    const cents = randomInt(random, 50, 25_000);
    return {
      lineId: String(index + 1),
      itemName: item.name,
      sellersItemId: item.id,
      unitCode: 'EA',
      terms: {
        quantity: String(randomInt(random, 1, 500)),
        price: new Big(cents).div(100).toFixed(2),
        deliveryDate: addDays(issueDate, randomInt(random, 7, 42)),
      },
    };
  });
}
