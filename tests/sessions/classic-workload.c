/* classic-workload.c: the classic analytics workload (classic-workload.h) */
#include "classic-workload.h"

static void
apply (MemsimSession *session,
       MemsimOp      *op)
{
  memsim_session_apply (session, op, NULL);
  memsim_op_free (op);
}

void
classic_workload_run (MemsimSession *session,
                      guint          n_ops,
                      guint32        seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GPtrArray) live = g_ptr_array_new_with_free_func (g_free);
  MemsimOp *op = memsim_op_new (MEMSIM_OP_INIT);

  op->size = CLASSIC_HEAP_SIZE;
  apply (session, op);
  for (guint i = 0; i < n_ops; i++)
    {
      guint dice = g_rand_int_range (rand, 0, 100);

      if (dice < 60 || live->len == 0)
        {
          op = memsim_op_new (MEMSIM_OP_ALLOC);
          op->name = g_strdup_printf ("job%u", i);
          op->size = (guint64) g_rand_int_range (rand, 32, 513) * 1024;
          if (memsim_session_apply (session, op, NULL))
            g_ptr_array_add (live, g_strdup (op->name));
          memsim_op_free (op);
        }
      else if (dice < 90)
        {
          char *name = g_ptr_array_steal_index_fast (live, g_rand_int_range (rand, 0, live->len));

          op = memsim_op_new (MEMSIM_OP_FREE);
          op->name = name;
          apply (session, op);
        }
      else
        apply (session, memsim_op_new (MEMSIM_OP_COMPACT));
    }
}
