/*
 * meta.h — document-level fields: agency, year, text sections, info fees,
 * and the "is this such a report at all" decision.
 *
 * Owns nothing: reads an nb_doc's title and text flow and writes into an
 * nb_record.  Heading words and report-title words come from the schema
 * files; the patterns here only describe how Chinese reports print titles,
 * dates and amounts.
 */
#ifndef NB_META_H
#define NB_META_H

#include "layout/model/doc.h"
#include "schemas/record.h"
#include "schemas/schema.h"

/* True when the title or a line of the text names an OGI annual report
 * (…信息公开…年度报告 / 年报). */
gboolean nb_meta_names_report(const nb_doc *doc, const nb_schema_set *set);

/* Sets agency and year from the title (reader title, then title-like lines),
 * else from the body ("在2025年,长春市经济合作局…"); on OCR'd documents the
 * other places that print them then vote on the reading (schemas/vote.h). */
void nb_meta_read_agency_year(const nb_doc *doc, const nb_schema_set *set, nb_record *r);

/* Sets the sections (overview, problems, other) found in the text flow. */
void nb_meta_read_sections(const nb_doc *doc, const nb_schema_set *set, nb_record *r);

/* Sets info_fees.cases / info_fees.amount_yuan from what the text states
 * (section 六 if found, else the whole text), with the phrasings of the
 * schema files (`info_fees`).  A sentence about fees that no phrasing reads
 * is a warning on the path `info_fees`, never a silent gap. */
void nb_meta_read_info_fees(const nb_doc *doc, const nb_schema_set *set, nb_record *r);

#endif
