/**
 * What callers of the task pipeline see: {@link io.jinference.server.inference.task.Task}, the
 * validated {@link io.jinference.server.inference.task.TaskOptions} and the typed {@link
 * io.jinference.server.inference.task.Prediction} results. No runtime here.
 */
package io.jinference.server.inference.task;
