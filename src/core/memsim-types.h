/* memsim-types.h: the plain types shared by the core, the CLI and the app */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MEMSIM_NAME_MAX      256      /* bytes, SEMANTICS.md §1 */
#define MEMSIM_TOTAL_MAX     (G_GUINT64_CONSTANT (1) << 48)
/* Live blocks in one heap: a heap of L live blocks has at most 2L + 1
 * blocks, whose 32-bit ids this keeps far from 2^32 (docs/reliability.md). */
#define MEMSIM_LIVE_MAX      (1u << 28)
#define MEMSIM_BLOCK_NONE    G_MAXUINT32

typedef guint32 MemsimBlockId;

#define MEMSIM_ERROR (memsim_error_quark ())
GQuark memsim_error_quark (void);

typedef enum {
  MEMSIM_ERROR_INVALID_SIZE,      /* 0, negative, unparsable (a request > total is NO_SPACE) */
  MEMSIM_ERROR_INVALID_NAME,      /* empty, too long, control characters */
  MEMSIM_ERROR_ALREADY_ALLOCATED, /* the name is live */
  MEMSIM_ERROR_UNKNOWN_NAME,      /* free/realloc of a name that is not live */
  MEMSIM_ERROR_NO_SPACE,          /* fewer free bytes than the request */
  MEMSIM_ERROR_FRAGMENTED,        /* enough free bytes, but no hole fits */
  MEMSIM_ERROR_NOTHING_TO_COMPACT,
  MEMSIM_ERROR_NOT_EMPTY,         /* a setting that needs an empty heap */
  MEMSIM_ERROR_INVALID_SETTING,
  MEMSIM_ERROR_SYNTAX,            /* scripts and traces */
  MEMSIM_ERROR_LIMIT,             /* a documented limit was exceeded */
  MEMSIM_ERROR_IO,
  MEMSIM_ERROR_NOT_LIVE,          /* object store: unknown object */
} MemsimError;

typedef enum {
  MEMSIM_POLICY_FIRST_FIT,
  MEMSIM_POLICY_NEXT_FIT,
  MEMSIM_POLICY_BEST_FIT,
  MEMSIM_POLICY_WORST_FIT,
  MEMSIM_POLICY_BUDDY,
  MEMSIM_N_POLICIES
} MemsimPolicy;

const char *memsim_policy_to_string   (MemsimPolicy  policy);
/* The name people read ("First fit"), translated; _to_string() is the id
 * scripts, the CLI and files use ("first-fit"). */
const char *memsim_policy_to_label    (MemsimPolicy  policy);
gboolean    memsim_policy_from_string (const char   *text,
                                       MemsimPolicy *out_policy);

typedef enum {
  MEMSIM_SETTING_ALIGN,
  MEMSIM_SETTING_HEADER,
  MEMSIM_SETTING_MIN_BLOCK,
  MEMSIM_SETTING_AUTO_COMPACT,
  MEMSIM_SETTING_ROUND_POW2,
} MemsimSetting;

/* Per-request override of the heap's round-pow2 setting. */
typedef enum {
  MEMSIM_ROUND_DEFAULT,
  MEMSIM_ROUND_POW2,
  MEMSIM_ROUND_EXACT,
} MemsimRound;

typedef struct {
  guint64      total;
  guint64      align;        /* power of two >= 1, default 16 */
  guint64      header;       /* default 0 */
  guint64      min_block;    /* buddy only: power of two >= align, default 64 */
  MemsimPolicy policy;
  gboolean     round_pow2;
  gboolean     auto_compact;
} MemsimHeapConfig;

void     memsim_heap_config_init   (MemsimHeapConfig       *config,
                                    guint64                 total);
gboolean memsim_heap_config_check  (const MemsimHeapConfig *config,
                                    GError                **error);

typedef struct {
  guint64 total;
  guint64 used;
  guint64 requested;
  guint64 free;
  guint64 largest_free;
  guint64 free_blocks;
  guint64 live_blocks;
  guint64 unusable;               /* buddy: the tail below min_block */
  double  external_fragmentation;
  double  internal_fragmentation;
  guint64 high_water;
  guint64 peak_requested;
  double  heap_overhead;
  /* counts */
  guint64 alloc_ok;
  guint64 alloc_failed;
  guint64 failed_no_space;
  guint64 failed_fragmented;
  guint64 free_ok;
  guint64 free_failed;
  guint64 realloc_ok;
  guint64 realloc_failed;
  guint64 compactions;
  guint64 bytes_moved;
} MemsimMetrics;

/* The fractions of SEMANTICS.md §6, shared by the metrics and the series:
 * external = 1 − largest free / free (0 with nothing free), internal =
 * (used − requested) / used (0 with nothing used). */
static inline double
memsim_fraction_external (guint64 free,
                          guint64 largest_free)
{
  return free == 0 ? 0.0 : 1.0 - (double) largest_free / (double) free;
}

static inline double
memsim_fraction_internal (guint64 used,
                          guint64 requested)
{
  return used == 0 ? 0.0 : (double) (used - requested) / (double) used;
}

typedef struct {
  MemsimBlockId id;
  guint64       start;
  guint64       size;
  guint64       requested;     /* 0 on a free block */
  gboolean      free;
  gboolean      unusable;      /* buddy tail: free bytes no request can use */
  const char   *name;          /* NULL on a free block; points into name_buf or the heap */
  char          name_buf[24];
} MemsimBlockInfo;

typedef gboolean (*MemsimBlockFunc) (const MemsimBlockInfo *block,
                                     gpointer               user_data);

typedef struct {
  guint64 used;     /* bytes of live blocks inside the column */
  guint64 free;     /* bytes of free blocks inside the column */
  guint64 waste;    /* internal fragmentation: the bytes of live blocks past
                     * their requested size, where they lie */
  guint   n_blocks; /* blocks that overlap the column */
} MemsimColumn;

typedef enum {
  MEMSIM_BUDDY_FREE,
  MEMSIM_BUDDY_USED,
  MEMSIM_BUDDY_SPLIT,
  MEMSIM_BUDDY_UNUSABLE,
} MemsimBuddyState;

/* An UNUSABLE node is the buddy tail: order 0, its size is total - address. */
typedef struct {
  guint64          address;
  guint            order;     /* log2 (size) */
  guint            depth;     /* 0 for a root block */
  MemsimBuddyState state;
} MemsimBuddyNode;

typedef gboolean (*MemsimBuddyFunc) (const MemsimBuddyNode *node,
                                     gpointer               user_data);

typedef struct {
  guint64 blocks_moved;
  guint64 bytes_moved;
} MemsimCompactResult;

/* "64", "4K", "1.5M" is not accepted: sizes are integers with an optional
 * binary suffix K/M/G (or KiB/MiB/GiB), case-insensitive. */
gboolean memsim_parse_size     (const char  *text,
                                guint64     *out_size,
                                GError     **error);
gboolean memsim_name_is_valid  (const char  *name,
                                GError     **error);

G_END_DECLS
