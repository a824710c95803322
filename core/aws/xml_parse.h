/* libxml2 set up for AWS answers, which may be hostile bytes: no network,
 * no DTD (refused at <!DOCTYPE, so no entity is declared or expanded), and
 * caps (AWS_XML_MAX_* below) on size, depth, attributes per element and
 * namespaces in scope, so the work stays linear in the body's length.
 * Nothing is printed: libxml2's generic error handler is silenced in the
 * calling thread. */
#ifndef TS_AWS_XML_PARSE_H
#define TS_AWS_XML_PARSE_H

#include <stddef.h>
#include <libxml/tree.h>

#include "util/error.h"

/* Bodies longer than this are refused rather than parsed. */
#define AWS_XML_MAX_BODY ((size_t)16 * 1024 * 1024)
/* Elements nested deeper than this are refused (AWS's answers use < 10). */
#define AWS_XML_MAX_DEPTH 64
/* More namespaces in scope than this are refused (AWS's answers: 2). */
#define AWS_XML_MAX_NAMESPACES 64
/* An element with more attributes than this is refused (AWS's have 2). */
#define AWS_XML_MAX_ATTRIBUTES 256

/* Initialises libxml2 once; safe to call many times. */
void aws_xml_init(void);

/* Parses body into a tree that has a root element.  Returns the document
 * (caller frees with xmlFreeDoc), or NULL with err filled. */
xmlDocPtr aws_xml_parse(const char *body, size_t len, struct ts_error *err);

#endif
