/* libxml2 set up for bodies that came over the network: see xml_parse.h. */
#include "aws/xml_parse.h"

#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <libxml/parser.h>


/* No network, no DTD loading, no entity substitution (XML_PARSE_NOENT and
 * XML_PARSE_DTDLOAD stay off), no XML_PARSE_HUGE so libxml2 keeps its own
 * limits, and nothing printed on stderr: errors come back through ts_error. */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR \
                       | XML_PARSE_NOWARNING)

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
    xmlInitParser();
}

void aws_xml_init(void)
{
    pthread_once(&init_once, init_libxml);
}

#define STRINGIFY(x) #x
#define NUMBER(x) STRINGIFY(x)

/* What the SAX hooks found, through the parser context's _private. */
struct parse_guard {
    startElementNsSAX2Func start_element; /* libxml2's own tree builder */
    const char *refused;                  /* why the parser was stopped */
};

static void stop(xmlParserCtxtPtr ctxt, const char *why)
{
    ((struct parse_guard *)ctxt->_private)->refused = why;
    xmlStopParser(ctxt);
}

/* A DTD is the only place entities can be declared, and AWS never sends
 * one: the first sight of <!DOCTYPE stops the parser, so no entity bomb and
 * no external entity can get anywhere. */
static void refuse_dtd(void *ctx, const xmlChar *name, const xmlChar *external_id,
                       const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    stop(ctx, "the answer has a DTD (<!DOCTYPE>), which AWS never sends: refused");
}

/* Stops deep nesting and piles of namespace declarations while parsing:
 * libxml2 looks a prefix up by a linear search of the namespaces in scope,
 * so thousands of them make every element slow. */
static void guarded_start_element(void *ctx, const xmlChar *localname,
                                  const xmlChar *prefix, const xmlChar *uri,
                                  int nb_namespaces, const xmlChar **namespaces,
                                  int nb_attributes, int nb_defaulted,
                                  const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_guard *guard = ctxt->_private;

    if (ctxt->nameNr > AWS_XML_MAX_DEPTH)
        stop(ctxt, "the answer is nested deeper than " NUMBER(AWS_XML_MAX_DEPTH) " elements");
    else if (ctxt->nsNr / 2 > AWS_XML_MAX_NAMESPACES)
        stop(ctxt, "the answer has more than " NUMBER(AWS_XML_MAX_NAMESPACES)
                   " namespaces in scope");
    else
        guard->start_element(ctx, localname, prefix, uri, nb_namespaces, namespaces,
                             nb_attributes, nb_defaulted, attributes);
}

/* libxml2 checks a start tag's attributes for duplicates in quadratic
 * time, so a tag with a million attributes takes minutes.  Every attribute
 * has an '=' before the next '<' (a '<' inside a value ends the tag with an
 * error), so counting '=' between one '<' and the next bounds them from
 * above; AWS's elements carry two at most. */
static int too_many_attributes(const char *body, size_t len)
{
    size_t count = 0;

    for (size_t i = 0; i < len; i++) {
        if (body[i] == '<')
            count = 0;
        else if (body[i] == '=' && ++count > AWS_XML_MAX_ATTRIBUTES)
            return 1;
    }
    return 0;
}

/* libxml2 reports some problems (encoding conversion, I/O) through its
 * generic handler, which prints on stderr; only the CLI prints here, and
 * the parser context keeps the error for describe_parse_error anyway. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void describe_parse_error(xmlParserCtxtPtr ctxt, struct ts_error *err)
{
    xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
    const char *what = e && e->message ? e->message : "unknown error";
    size_t n = strlen(what);

    while (n && (what[n - 1] == '\n' || what[n - 1] == ' '))
        n--;
    ts_error_set(err, "the answer is not well-formed XML: line %d: %.*s",
                 e ? e->line : 0, (int)(n > 200 ? 200 : n), what);
}

xmlDocPtr aws_xml_parse(const char *body, size_t len, struct ts_error *err)
{
    struct parse_guard guard = {NULL, NULL};
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;

    if (!body || len == 0)
        return ts_error_set(err, "the answer is empty"), NULL;
    if (len > AWS_XML_MAX_BODY || len > INT_MAX)
        return ts_error_set(err, "the answer is too big (%zu bytes, at most %zu)",
                            len, AWS_XML_MAX_BODY), NULL;
    if (too_many_attributes(body, len))
        return ts_error_set(err, "the answer has an element with more than %d attributes",
                            AWS_XML_MAX_ATTRIBUTES), NULL;
    aws_xml_init();
    xmlSetGenericErrorFunc(NULL, quiet); /* per thread in libxml2 */
    ctxt = xmlNewParserCtxt();
    if (!ctxt || !ctxt->sax || !ctxt->sax->startElementNs) {
        xmlFreeParserCtxt(ctxt);
        return ts_error_set(err, "out of memory starting the XML parser"), NULL;
    }
    guard.start_element = ctxt->sax->startElementNs;
    ctxt->sax->startElementNs = guarded_start_element;
    ctxt->sax->internalSubset = refuse_dtd;
    ctxt->_private = &guard;
    doc = xmlCtxtReadMemory(ctxt, body, (int)len, "answer.xml", NULL, PARSE_OPTIONS);
    /* A stopped parser may still hand back a (partial) document. */
    if (guard.refused || (doc && doc->intSubset)) {
        ts_error_set(err, "%s", guard.refused ? guard.refused
                     : "the answer has a DTD (<!DOCTYPE>), which AWS never sends: refused");
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (!doc) {
        describe_parse_error(ctxt, err);
    } else if (!xmlDocGetRootElement(doc)) {
        ts_error_set(err, "the answer has no root element");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}
