/**
 * A place a person shares rather than says (a WeChat location's Label), named as answers name places:
 * the gazetteer reads the address (src/nlu), the KnowledgeBase names the place (芮城县 as its notice does,
 * 广州市天河区 under its city), so a channel never parses an address of its own.
 */
import type { KnowledgeBase } from '../knowledge/base.js';
import { regionOpening } from '../nlu/entities/regions.js';
import { gazetteer } from '../nlu/gazetteer.js';

/** “广东省广州市天河区体育西路103号” → 广州市天河区; undefined when the address opens with no place. */
export function placeOfAddress(kb: Pick<KnowledgeBase, 'placeName'>, address: string): string | undefined {
  const region = regionOpening(address, gazetteer());
  return region ? kb.placeName(region) : undefined;
}
