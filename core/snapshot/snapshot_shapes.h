/* The shapes of the AWS answers a snapshot stores, as botocore's service
 * models describe them (generated into snapshot_shapes.c by
 * tools/gen-shapes).  The loader checks the JSON type of every value it
 * knows the shape of, so a rule never meets a number where AWS sends an
 * object: a snapshot made or edited by hand that does is refused at its
 * line and column.  Members the model does not know are kept and ignored. */
#ifndef TS_SNAPSHOT_SHAPES_H
#define TS_SNAPSHOT_SHAPES_H

enum ts_shape_type {
    TS_SHAPE_STRING,        /* botocore's string and blob */
    TS_SHAPE_BOOLEAN,
    TS_SHAPE_NUMBER,        /* integer, long, float, double */
    TS_SHAPE_TIMESTAMP,     /* epoch seconds, or an ISO 8601 string */
    TS_SHAPE_STRUCTURE,     /* an object with known members */
    TS_SHAPE_LIST,          /* an array of item */
    TS_SHAPE_MAP            /* an object whose every value is item */
};

struct ts_shape_member;

struct ts_shape {
    enum ts_shape_type type;
    const struct ts_shape_member *members; /* structure: ends with name NULL */
    const struct ts_shape *item;           /* list: each item; map: each value */
};

struct ts_shape_member {
    const char *name;
    const struct ts_shape *shape;
};

struct ts_shape_operation {
    const char *service, *operation;       /* as the snapshot names them */
    int keyed;              /* stored as identifier -> answer (trail ARN, bucket...) */
    const struct ts_shape *output;         /* the answer */
};

/* Ends with an entry whose service is NULL. */
extern const struct ts_shape_operation ts_shape_operations[];

extern const struct ts_shape ts_shape_string, ts_shape_boolean, ts_shape_number,
    ts_shape_timestamp;

#endif
