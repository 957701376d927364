//! Synthetic spec sets of any size, for benchmarks and stress tests.
//!
//! [`specs`] writes `endpoints` endpoint files in the shape of the real Aily
//! specs (path and query parameters with limits, JSON bodies with required
//! and optional fields, paged list responses, nested models, enums, error
//! codes and documented examples), ten endpoints per resource, and one
//! models file per resource. The output depends only on `endpoints`.

use std::fmt::Write as _;

use crate::SpecSource;

/// Endpoints per resource folder (and per models file).
const PER_RESOURCE: usize = 10;

/// A spec set of `endpoints` endpoints under `synth/v1/`.
pub fn specs(endpoints: usize) -> Vec<SpecSource> {
    let mut out = Vec::new();
    for resource in 0..endpoints.div_ceil(PER_RESOURCE) {
        out.push(SpecSource {
            path: format!("synth/v1/models_{resource:04}.yaml"),
            text: models(resource),
        });
    }
    for index in 0..endpoints {
        let resource = index / PER_RESOURCE;
        let (name, text) = endpoint(index, resource);
        out.push(SpecSource {
            path: format!("synth/v1/res_{resource:04}/{name}.yaml"),
            text,
        });
    }
    out
}

fn models(r: usize) -> String {
    format!(
        r#"# yaml-language-server: $schema=../../spec.schema.json
models:
  - name: Item{r}
    description: 资源 {r} 的条目；an item of resource {r}.
    fields:
      - name: id
        type: string
        required: true
        description: 条目 ID
        example: item_4dfrxvctjqzzj
      - name: created_at
        type: timestamp_ms
        required: true
        description: 创建时间，毫秒时间戳
        example: "1711975665710"
      - name: status
        type: Status{r}
        required: true
        description: 状态
      - name: size
        type: int64
        description: 大小，字节
      - name: detail
        type: Detail{r}
        description: 详情
      - name: tags
        type: array<string>
        description: 标签
      - name: metadata
        type: json_string
        description: 自定义元数据（JSON 字符串）
  - name: Detail{r}
    description: 条目详情
    fields:
      - name: title
        type: string
        required: true
        description: 标题
      - name: expired_at
        type: timestamp_s
        description: 过期时间，秒时间戳
      - name: owners
        type: array<Owner{r}>
        description: 所有者
      - name: extra
        type: map<string>
        description: 附加信息
  - name: Owner{r}
    description: 所有者
    fields:
      - name: entity_id
        type: string
        description: 实体 ID
      - name: kind
        type: OwnerKind{r}
        description: 实体类型
  - name: Status{r}
    description: 条目状态
    values:
      - value: QUEUED
        description: 排队中
      - value: IN_PROGRESS
        description: 进行中
      - value: COMPLETED
        description: 已完成
      - value: FAILED
        description: 已失败
  - name: OwnerKind{r}
    description: 实体类型
    values:
      - value: USER
      - value: SmartCard
      - value: LONG-TERM
"#
    )
}

const ITEM_JSON: &str = r#"{"id": "item_4dfrxvctjqzzj", "created_at": "1711975665710", "status": "IN_PROGRESS", "size": "9007199254740993", "detail": {"title": "标题", "expired_at": "1719413169", "owners": [{"entity_id": "ou_5ad573a6411d72b8305fda3a9c15c70e", "kind": "SmartCard"}], "extra": {"k": "v"}}, "tags": ["a", "b"], "metadata": "{}"}"#;

/// One endpoint: a list (GET, paged), a create (POST, with a body), an update
/// (PUT) or a delete (DELETE, `{}`), in turn.
fn endpoint(i: usize, r: usize) -> (String, String) {
    let kind = i % 4;
    let name = ["list", "create", "update", "delete"][kind];
    let name = format!("{name}_{i:05}");
    let mut y = String::new();
    let method = ["GET", "POST", "PUT", "DELETE"][kind];
    let path = if kind == 1 {
        format!("/open-apis/synth/v1/res{r}/:parent_id/op{i}")
    } else {
        format!("/open-apis/synth/v1/res{r}/:parent_id/op{i}/:item_id")
    };
    let _ = write!(
        y,
        r#"# yaml-language-server: $schema=../../../spec.schema.json
endpoint:
  summary: 合成接口 {i}
  summary_en: Synthetic endpoint {i}
  description: 该 API 用于基准测试；it exercises every part of the format.
  notes:
    - 更多信息可参考 [文档](https://open.feishu.cn/document/synth/{i})。
  doc_url: https://open.feishu.cn/document/synth/v1/res{r}/{name}
  method: {method}
  path: "{path}"
  tokens: [tenant_access_token, user_access_token]
  app_types: [custom]
  scopes:
    - name: synth:res{r}:write
      description: 读写资源
  rate_limit: 1000 次/分钟、50 次/秒
  path_params:
    - name: parent_id
      type: string
      required: true
      description: 父资源 ID
      example: parent_4dfunz7sp1g8m
      limits:
        min_length: 8
        max_length: 32
        pattern: "parent_[0-9a-hjkmnp-z]{{1,24}}"
"#
    );
    if kind != 1 {
        y.push_str(
            r#"    - name: item_id
      type: string
      required: true
      description: 条目 ID
      example: item_4dfrxvctjqzzj
      limits:
        min_length: 5
        max_length: 32
"#,
        );
    }
    let url_base = if kind == 1 {
        format!("https://open.feishu.cn/open-apis/synth/v1/res{r}/parent_4dfunz7sp1g8m/op{i}")
    } else {
        format!(
            "https://open.feishu.cn/open-apis/synth/v1/res{r}/parent_4dfunz7sp1g8m/op{i}/item_4dfrxvctjqzzj"
        )
    };
    let mut example = String::from(
        "  examples:\n    - name: doc\n      path_params:\n        parent_id: parent_4dfunz7sp1g8m\n",
    );
    if kind != 1 {
        example.push_str("        item_id: item_4dfrxvctjqzzj\n");
    }
    match kind {
        0 => {
            y.push_str(
                r#"  query_params:
    - name: page_size
      type: int32
      description: 分页大小，默认 20
      example: 20
      limits:
        minimum: 1
        maximum: 500
    - name: page_token
      type: string
      description: 分页标记
    - name: with_detail
      type: boolean
      description: 是否返回详情
    - name: statuses
      type: array<string>
      description: 按状态筛选
  pagination:
    items: items
"#,
            );
            let _ = write!(
                y,
                r#"  response:
    fields:
      - name: items
        type: array<Item{r}>
        description: 条目列表
      - name: page_token
        type: string
        description: 分页标记
      - name: has_more
        type: boolean
        description: 是否还有更多项
"#
            );
            let _ = write!(
                example,
                "      query_params:\n        page_size: 20\n        statuses: [QUEUED, FAILED]\n      url: {url_base}?page_size=20&statuses=QUEUED&statuses=FAILED\n      response_body: '{{\"code\": 0, \"msg\": \"success\", \"data\": {{\"items\": [{ITEM_JSON}], \"page_token\": \"p2\", \"has_more\": true}}}}'\n"
            );
        }
        1 | 2 => {
            let _ = write!(
                y,
                r#"  headers:
    - name: X-Synth-User
      type: string
      rust_name: user
      description: 用户标识
      limits:
        max_length: 255
  body:
    fields:
      - name: title
        type: string
        required: true
        description: 标题
        example: 标题
        limits:
          min_length: 1
          max_length: 255
      - name: size
        type: int64
        description: 大小
      - name: metadata
        type: json_string
        description: 自定义元数据
        limits:
          max_length: 255
      - name: tags
        type: array<string>
        description: 标签
        limits:
          max_items: 20
      - name: detail
        type: Detail{r}
        description: 详情
  response:
    fields:
      - name: item
        type: Item{r}
        required: true
        description: 条目
"#
            );
            let _ = write!(
                example,
                "      url: {url_base}\n      request_body: '{{\"title\": \"标题\", \"size\": \"42\", \"metadata\": \"{{}}\", \"tags\": [\"a\"], \"detail\": {{\"title\": \"t\"}}}}'\n      response_body: '{{\"code\": 0, \"msg\": \"success\", \"data\": {{\"item\": {ITEM_JSON}}}}}'\n"
            );
        }
        _ => {
            y.push_str("  response:\n    fields: []\n");
            let _ = write!(
                example,
                "      url: {url_base}\n      response_body: '{{\"code\": 0, \"msg\": \"success\", \"data\": {{}}}}'\n"
            );
        }
    }
    let _ = write!(
        y,
        r#"  errors:
    - http_status: 400
      code: 2700001
      name: param_invalid
      message: param is invalid
      advice: 参数错误
    - http_status: 404
      code: {code}
      name: not_found
      message: item not found
      advice: 检查条目 ID
"#,
        code = 2_710_000 + i
    );
    y.push_str(&example);
    (name, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_synthetic_set_generates_and_parses() {
        let sources = specs(12);
        assert_eq!(sources.len(), 12 + 2);
        let files = crate::generate("synth", &sources).unwrap_or_else(|diagnostics| {
            panic!("{}", diagnostics.render_sources("synth", &sources, false))
        });
        assert!(
            files
                .iter()
                .any(|file| file.path == "synth/v1/res_0001/delete_00011.rs")
        );
    }
}
